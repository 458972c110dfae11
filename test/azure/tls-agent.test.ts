import { Agent } from 'node:https';
import { rootCertificates } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { transportFor } from '../../src/azure/arm-pipeline.js';
import { proxyConfigured } from '../../src/azure/tls-agent.js';

const CA = '-----BEGIN CERTIFICATE-----\nnot parsed here\n-----END CERTIFICATE-----\n';

describe('transportFor (how pipelines reach ARM over TLS)', () => {
  it("without an extra CA leaves Node's defaults and the SDK's own agent alone", () => {
    expect(transportFor(undefined, {})).toEqual({});
  });

  it('with an extra CA and a proxy keeps the SDK tlsOptions (its proxy policy skips requests with their own agent)', () => {
    const t = transportFor(CA, { HTTPS_PROXY: 'http://proxy.invalid:3128' });
    expect(t.agent).toBeUndefined();
    expect(t.tlsOptions?.ca).toEqual([...rootCertificates, CA]);
  });

  it('recognises every proxy variable the SDK reads, in both cases', () => {
    for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy']) {
      expect(proxyConfigured({ [name]: 'http://p:1' })).toBe(true);
    }
    expect(proxyConfigured({})).toBe(false);
  });
});

describe('the keep-alive agent with a prebuilt SecureContext', () => {
  it('is built when an extra CA is given without a proxy; its pool key does not carry the CA bundle', async () => {
    const { caCertPem } = await import('../emulator/helpers.js').then(async (h) => {
      const emu = await h.start();
      await emu.stop();
      return emu;
    });
    const t = transportFor(caCertPem, {});
    expect(t.tlsOptions).toBeUndefined();
    expect(t.agent).toBeInstanceOf(Agent);
    const agent = t.agent as Agent & { options: Record<string, unknown>; getName(o: object): string };
    expect(agent.options['keepAlive']).toBe(true);
    expect(agent.options['secureContext']).toBeDefined();
    expect(agent.options['ca']).toBeUndefined();
    // The per-request pool key stays short: it used to join ~150 PEM certificates on every call.
    expect(agent.getName({ host: '127.0.0.1', port: 8443 }).length).toBeLessThan(200);
  });
});
