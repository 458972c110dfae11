import { Agent } from 'node:https';
import { createSecureContext } from 'node:tls';
import type { TlsSettings } from '@azure/core-rest-pipeline';

/**
 * One keep-alive HTTPS agent for every ARM call of a session that trusts an extra CA.
 *
 * Why not the SDK's `tlsOptions`: they become `ca` on its agent, and Node then (a) builds a fresh SecureContext,
 * parsing all ~150 public roots, for every new connection and (b) joins the whole PEM array into the agent's pool
 * key on every request. Profiled (bench/NOTES.md) at 64-256 calls in flight that was ~90% of the audit's CPU.
 * Here the context is built once and handed to the agent as `secureContext`, which is not part of the pool key.
 *
 * Invariant: the same trust as `tlsSettings.ca` (public roots + NODE_EXTRA_CA_CERTS + the extra CA).
 * When an HTTP(S) proxy is configured the caller keeps the SDK's tlsOptions path instead, because the SDK's proxy
 * policy leaves a request with its own agent unproxied.
 */
export function createTlsAgent(tls: TlsSettings): Agent {
  return new Agent({ keepAlive: true, secureContext: createSecureContext({ ca: tls.ca as string[] }) });
}

/** True when core-rest-pipeline's proxy policy would route ARM calls through a proxy (it reads these variables). */
export function proxyConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy'].some((k) => Boolean(env[k]));
}
