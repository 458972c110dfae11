import { readFileSync } from 'node:fs';
import type { Agent } from 'node:https';
import { rootCertificates } from 'node:tls';
import type { TokenCredential } from '@azure/core-auth';
import {
  bearerTokenAuthenticationPolicy,
  createPipelineFromOptions,
  type Pipeline,
  type TlsSettings,
} from '@azure/core-rest-pipeline';
import { armRetryPolicy, type RetryOptions } from './retry-policy.js';
import { createTlsAgent, proxyConfigured } from './tls-agent.js';
import type { ArmPacer } from './pacing.js';
import { armPacingPolicy } from './pacing-policy.js';

/** What every HTTP pipeline to ARM shares: the raw requester and each typed SDK client. */
export interface ArmPipelineSettings {
  credential: TokenCredential;
  /** https ARM endpoint, no trailing slash. */
  endpoint: string;
  /** Token scope, normally `<endpoint>/.default`. */
  scope: string;
  /** e.g. 'aml-isolate/0.1.0'; the SDK appends its own part. */
  userAgentPrefix?: string | undefined;
  retry?: RetryOptions | undefined;
  /** Extra trusted CA (PEM) for a private endpoint such as the emulator. */
  tlsCa?: string | undefined;
  /** The transport: built once per session by transportFor() and shared by every pipeline (one connection pool). */
  transport?: ArmTransport | undefined;
  /** Shared by every pipeline of one set of clients: ARM's per-subscription budget (pacing.ts). */
  pacer?: ArmPacer | undefined;
}

/** How a pipeline reaches ARM over TLS: an agent of ours (cheap per request), the SDK's tlsOptions, or Node's defaults. */
export interface ArmTransport {
  agent?: Agent;
  tlsOptions?: TlsSettings;
}

/**
 * The transport for a session. With an extra CA and no proxy: one keep-alive agent with a prebuilt SecureContext
 * (see tls-agent.ts for why the SDK's tlsOptions cost ~2 ms of CPU per call). With a proxy: the SDK's tlsOptions,
 * as before. Without an extra CA: the SDK's own cached keep-alive agent.
 */
export function transportFor(tlsCa: string | undefined, env: NodeJS.ProcessEnv = process.env): ArmTransport {
  const tlsOptions = tlsSettingsFor(tlsCa, env);
  if (!tlsOptions) return {};
  return proxyConfigured(env) ? { tlsOptions } : { agent: createTlsAgent(tlsOptions) };
}

export const defaultRetryPolicyName = 'defaultRetryPolicy';

/**
 * TLS settings for a pipeline, or undefined to keep Node's default agent (which already trusts NODE_EXTRA_CA_CERTS).
 * A `ca` option *replaces* Node's trust store, so with tlsCa the public roots and NODE_EXTRA_CA_CERTS are added back:
 * trusting the emulator must not stop the tool trusting Azure or a corporate TLS proxy.
 */
export function tlsSettingsFor(tlsCa: string | undefined, env: NodeJS.ProcessEnv = process.env): TlsSettings | undefined {
  if (!tlsCa) return undefined;
  return { ca: [...rootCertificates, ...extraCaCertificates(env), tlsCa] };
}

function extraCaCertificates(env: NodeJS.ProcessEnv): string[] {
  const file = env['NODE_EXTRA_CA_CERTS'];
  if (!file) return [];
  try {
    return [readFileSync(file, 'utf8')];
  } catch {
    return []; // Node itself warns about an unreadable NODE_EXTRA_CA_CERTS at startup
  }
}

/** A bare core-rest-pipeline pipeline for raw ARM JSON calls. */
export function createArmPipeline(settings: ArmPipelineSettings): Pipeline {
  const pipeline = createPipelineFromOptions({
    userAgentOptions: settings.userAgentPrefix ? { userAgentPrefix: settings.userAgentPrefix } : {},
    ...(settings.transport ?? transportFor(settings.tlsCa)),
  });
  useArmRetry(pipeline, settings.retry, settings.pacer);
  pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential: settings.credential, scopes: settings.scope }), {
    phase: 'Sign',
  });
  return pipeline;
}

/** Swap the SDK's default retry for ours (also applied to typed SDK clients after construction). */
export function useArmRetry(pipeline: Pipeline, retry: RetryOptions | undefined, pacer?: ArmPacer): void {
  pipeline.removePolicy({ name: defaultRetryPolicyName });
  pipeline.addPolicy(armRetryPolicy(retry), { phase: 'Retry' });
  // After the retry policy: each attempt, a retry included, is budgeted.
  if (pacer) pipeline.addPolicy(armPacingPolicy(pacer), { afterPhase: 'Retry' });
}
