import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import type { KeyVaultManagementClient } from '@azure/arm-keyvault';
import type { StorageManagementClient } from '@azure/arm-storage';
import type { Pipeline } from '@azure/core-rest-pipeline';
import { AuthError } from '../errors.js';
import { loginHint } from './arm-error.js';
import { transportFor, useArmRetry, type ArmPipelineSettings } from './arm-pipeline.js';
import { createArmRequester, readOnlyArm, type ArmReader, type ArmRequester } from './arm-requester.js';
import { resolveCloud, type CloudName, type ResolvedCloud } from './clouds.js';
import { createFleetReader } from './fleet-reader.js';
import type { FleetReader } from './ports.js';
import type { RetryOptions } from './retry-policy.js';
import { ArmPacer, type PacingOptions } from './pacing.js';

export interface AzureClientsOptions {
  /** Default: DefaultAzureCredential, built once on first use with the cloud's authority host. */
  credential?: TokenCredential | undefined;
  /** Default AzureCloud. */
  cloud?: CloudName | string | undefined;
  /** https URL overriding the cloud's ARM endpoint (Azure Stack Hub, private clouds, the emulator). */
  armEndpoint?: string | undefined;
  /** Token scope; default `<armEndpoint>/.default`. */
  tokenScope?: string | undefined;
  /**
   * Extra trusted CA (PEM), e.g. the embedded emulator's. Added to, not replacing, the public roots and
   * NODE_EXTRA_CA_CERTS. Without it Node's default trust store is used untouched (NODE_EXTRA_CA_CERTS included).
   */
  tlsCa?: string | undefined;
  retry?: RetryOptions | undefined;
  /** Default 'aml-isolate'; the CLI passes 'aml-isolate/<version>'. */
  userAgentPrefix?: string | undefined;
  /**
   * ARM's per-subscription budget kept client-side (pacing.ts): on by default with ARM's documented buckets, so every
   * command stays within the budget ARM's headers report instead of being paced by 429s. `false` turns it off (the
   * retry policy then meets every 429), e.g. for a benchmark's comparison.
   */
  pacing?: PacingOptions | false | undefined;
}

/** Everything that talks to Azure, built from one credential and one endpoint. */
export interface AzureClients {
  /** The ARM endpoint every client uses, no trailing slash. */
  readonly endpoint: string;
  readonly cloud: ResolvedCloud;
  readonly credential: TokenCredential;
  readonly fleetReader: FleetReader;
  /** The pacer every pipeline of these clients shares (undefined with pacing: false). */
  readonly pacer: ArmPacer | undefined;
  /** Raw JSON ARM calls (workspaces at 2025-06-01 with managedNetwork): the writer, for the executor only. */
  readonly arm: ArmRequester;
  /** The same calls without any write method: what the read side and the audit get (see readClients). */
  readonly armReader: ArmReader;
  /**
   * Typed SDK clients, built on first request per subscription and cached; same credential, endpoint, retry, TLS and
   * user agent. Loaded by dynamic import so that commands which never use them do not pay for loading the SDK.
   * Machine Learning has none: its published SDK speaks 2022-10-01 and drops managedNetwork, so `arm` is used.
   */
  keyVault(subscriptionId: string): Promise<KeyVaultManagementClient>;
  storage(subscriptionId: string): Promise<StorageManagementClient>;
}

const defaultUserAgentPrefix = 'aml-isolate';

/** Throws UsageError for a bad cloud name or a non-https endpoint; builds no credential and sends nothing. */
export function createAzureClients(options: AzureClientsOptions = {}): AzureClients {
  const cloud = resolveCloud({ cloud: options.cloud, armEndpoint: options.armEndpoint });
  const endpoint = cloud.armEndpoint;
  const credential =
    options.credential ?? lazyDefaultCredential(options.cloud === undefined ? undefined : cloud.authorityHost);
  const settings: ArmPipelineSettings = {
    credential,
    endpoint,
    scope: options.tokenScope ?? `${endpoint}/.default`,
    userAgentPrefix: options.userAgentPrefix ?? defaultUserAgentPrefix,
    retry: options.retry,
    tlsCa: options.tlsCa,
    transport: transportFor(options.tlsCa),
    pacer: options.pacing === false ? undefined : new ArmPacer(options.pacing ?? {}),
  };
  const arm = createArmRequester(settings);
  const armReader = readOnlyArm(arm);
  const fleetReader = createFleetReader(armReader);
  const sdkOptions = sdkClientOptions(settings);
  const cache = new Map<string, Promise<unknown>>();
  const cached = <T>(key: string, build: () => Promise<T>): Promise<T> => {
    let client = cache.get(key) as Promise<T> | undefined;
    if (!client) {
      client = build();
      cache.set(key, client);
      client.catch(() => cache.delete(key));
    }
    return client;
  };

  return {
    endpoint,
    cloud,
    credential,
    pacer: settings.pacer,
    arm,
    armReader,
    fleetReader,
    keyVault: (subscriptionId) =>
      cached(`kv:${subscriptionId}`, async () => {
        const { KeyVaultManagementClient } = await import('@azure/arm-keyvault');
        return withArmRetry(
          new KeyVaultManagementClient(credential, subscriptionId, {
            endpoint,
            credentials: { scopes: [settings.scope] },
            userAgentOptions: sdkOptions.userAgentOptions,
            ...settings.transport,
          }),
          settings,
        );
      }),
    storage: (subscriptionId) =>
      cached(`st:${subscriptionId}`, async () => {
        const { StorageManagementClient } = await import('@azure/arm-storage');
        return withArmRetry(new StorageManagementClient(credential, subscriptionId, sdkOptions), settings);
      }),
  };
}

/**
 * Options understood by the core-client (AutoRest) ARM clients. `endpoint` alone retargets them (tested); `$host`, which
 * their URL templates name and which defaults to the public cloud, is set too so that no code path can fall back to it.
 */
function sdkClientOptions(settings: ArmPipelineSettings) {
  return {
    endpoint: settings.endpoint,
    $host: settings.endpoint,
    credentialScopes: [settings.scope],
    userAgentOptions: { userAgentPrefix: settings.userAgentPrefix ?? defaultUserAgentPrefix },
    ...(settings.transport ?? transportFor(settings.tlsCa)),
  };
}

function withArmRetry<T extends { pipeline: Pipeline }>(client: T, settings: ArmPipelineSettings): T {
  useArmRetry(client.pipeline, settings.retry, settings.pacer);
  return client;
}

/**
 * DefaultAzureCredential, imported and built on the first token request only (so `--help` and usage errors never load
 * @azure/identity), then reused. AZURE_TOKEN_CREDENTIALS (e.g. AzureCliCredential) pins one credential in CI; an
 * invalid value makes the build throw, reported as AuthError.
 * authorityHost undefined leaves AZURE_AUTHORITY_HOST / the public cloud to the SDK (custom endpoints without --cloud).
 */
export function lazyDefaultCredential(authorityHost: string | undefined): TokenCredential {
  let built: Promise<TokenCredential> | undefined;
  const build = async (): Promise<TokenCredential> => {
    const { DefaultAzureCredential } = await import('@azure/identity');
    try {
      return new DefaultAzureCredential(authorityHost ? { authorityHost } : {});
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new AuthError(`Could not set up Azure credentials: ${reason}; ${loginHint}.`, { cause: error });
    }
  };
  return {
    async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      built ??= build();
      built.catch(() => (built = undefined));
      return (await built).getToken(scopes, options);
    },
  };
}
