import { UsageError } from '../errors.js';

/**
 * The Azure clouds `--cloud` accepts. Authority hosts are the values of AzureAuthorityHosts in @azure/identity, copied
 * so that parsing flags never loads the SDK (a test keeps them equal).
 */
export type CloudName = 'AzureCloud' | 'AzureChinaCloud' | 'AzureUSGovernment';

export interface CloudSettings {
  name: CloudName;
  /** ARM endpoint, no trailing slash. */
  armEndpoint: string;
  /** Microsoft Entra ID authority host for that cloud. */
  authorityHost: string;
  /**
   * The Azure Cosmos DB first-party service principal that needs Get/Wrap Key/Unwrap Key on a CMK vault.
   * undefined where it is not known (Azure China): callers must refuse to plan CMK access there rather than guess.
   */
  cosmosDbPrincipalId: string | undefined;
}

export const clouds: Readonly<Record<CloudName, CloudSettings>> = {
  AzureCloud: {
    name: 'AzureCloud',
    armEndpoint: 'https://management.azure.com',
    authorityHost: 'https://login.microsoftonline.com',
    cosmosDbPrincipalId: 'a232010e-820c-4083-83bb-3ace5fc29d0b',
  },
  AzureChinaCloud: {
    name: 'AzureChinaCloud',
    armEndpoint: 'https://management.chinacloudapi.cn',
    authorityHost: 'https://login.chinacloudapi.cn',
    // Unknown: not documented in the sources we hold (FACTS.md). Do not guess.
    cosmosDbPrincipalId: undefined,
  },
  AzureUSGovernment: {
    name: 'AzureUSGovernment',
    armEndpoint: 'https://management.usgovcloudapi.net',
    authorityHost: 'https://login.microsoftonline.us',
    cosmosDbPrincipalId: '57506a73-e302-42a9-b869-6f12d9ec29e9',
  },
};

export const cloudNames = Object.keys(clouds) as CloudName[];

/** Parses a `--cloud` value (case-insensitive). Throws a one-line UsageError naming the accepted values. */
export function parseCloudName(value: string): CloudName {
  const found = cloudNames.find((n) => n.toLowerCase() === value.trim().toLowerCase());
  if (!found) throw new UsageError(`Unknown --cloud '${value}'; use one of ${cloudNames.join(', ')}.`);
  return found;
}

/**
 * Validates a custom `--arm-endpoint` (Azure Stack Hub, private clouds, the emulator) and returns it without a trailing
 * slash. Must be https: the SDK refuses to send bearer tokens over plain http.
 */
export function parseArmEndpoint(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new UsageError(`--arm-endpoint '${value}' is not a URL; expected https://host[:port].`);
  }
  if (url.protocol !== 'https:') {
    throw new UsageError(`--arm-endpoint must use https:// (bearer tokens are never sent over ${url.protocol}//): '${value}'.`);
  }
  if (url.hostname.startsWith('[')) {
    // Node 22's TLS host check cannot match an IPv6 literal (it becomes an empty name), so every call would fail
    // after retries: refuse at once.
    throw new UsageError(`--arm-endpoint with an IPv6 address (${url.hostname}) is not supported: use a host name or 127.0.0.1 for a local emulator.`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new UsageError(`--arm-endpoint must be a plain https://host[:port][/path] without query, fragment or credentials: '${value}'.`);
  }
  return url.href.replace(/\/+$/, '');
}

export interface ResolvedCloud extends CloudSettings {
  /** True when --arm-endpoint overrode the cloud's endpoint. */
  customEndpoint: boolean;
}

export interface ResolveCloudOptions {
  cloud?: CloudName | string | undefined;
  armEndpoint?: string | undefined;
}

/** `--cloud` (default AzureCloud) with `--arm-endpoint` overriding its ARM endpoint. */
export function resolveCloud(options: ResolveCloudOptions = {}): ResolvedCloud {
  const name = options.cloud === undefined ? 'AzureCloud' : parseCloudName(options.cloud);
  const base = clouds[name];
  if (options.armEndpoint === undefined) return { ...base, customEndpoint: false };
  return { ...base, armEndpoint: parseArmEndpoint(options.armEndpoint), customEndpoint: true };
}
