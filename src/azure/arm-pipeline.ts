import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import type { TokenCredential } from '@azure/core-auth';
import {
  bearerTokenAuthenticationPolicy,
  createPipelineFromOptions,
  type Pipeline,
  type TlsSettings,
} from '@azure/core-rest-pipeline';
import { armRetryPolicy, type RetryOptions } from './retry-policy.js';
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
  /** Shared by every pipeline of one set of clients: ARM's per-subscription budget (pacing.ts). */
  pacer?: ArmPacer | undefined;
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
  const tlsOptions = tlsSettingsFor(settings.tlsCa);
  const pipeline = createPipelineFromOptions({
    userAgentOptions: settings.userAgentPrefix ? { userAgentPrefix: settings.userAgentPrefix } : {},
    ...(tlsOptions ? { tlsOptions } : {}),
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
