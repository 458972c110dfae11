import type { FleetReader, ListWorkspacesOptions, ReadOptions, ResourceGraphRow } from '../../src/azure/ports.js';
import { parseResourceId, workspaceId } from '../../src/model/resource-id.js';
import { ArmError } from '../../src/errors.js';
import type { DiagnosticSetting, Subscription, Workspace, WorkspaceProperties } from '../../src/model/workspace.js';

export const SUB_A = '11111111-1111-1111-1111-111111111111';
export const SUB_B = '22222222-2222-2222-2222-222222222222';
export const SUB_C = '33333333-3333-3333-3333-333333333333';

export interface WorkspaceSpec {
  subscriptionId?: string;
  resourceGroup?: string;
  name?: string;
  location?: string;
  identity?: Workspace['identity'] | undefined;
  /** Merged over the defaults; a key given as undefined is removed. */
  properties?: Partial<Record<keyof WorkspaceProperties, unknown>>;
}

/** A workspace as ARM returns it; by default it passes MachineLearning-005 and every related rule. */
export function aWorkspace(spec: WorkspaceSpec = {}): Workspace {
  const subscriptionId = spec.subscriptionId ?? SUB_A;
  const resourceGroup = spec.resourceGroup ?? 'rg-ml';
  const name = spec.name ?? 'ws-1';
  const properties: Record<string, unknown> = {
    publicNetworkAccess: 'Disabled',
    managedNetwork: { isolationMode: 'AllowInternetOutbound', outboundRules: {} },
    hbiWorkspace: true,
    encryption: {
      status: 'Enabled',
      keyVaultProperties: { keyVaultArmId: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.KeyVault/vaults/kv`, keyIdentifier: 'https://kv.vault.azure.net/keys/k/1' },
    },
    provisioningState: 'Succeeded',
    ...spec.properties,
  };
  for (const key of Object.keys(properties)) if (properties[key] === undefined) delete properties[key];
  const workspace: Workspace = {
    id: workspaceId(subscriptionId, resourceGroup, name),
    name,
    type: 'Microsoft.MachineLearningServices/workspaces',
    location: spec.location ?? 'westeurope',
    properties: properties as WorkspaceProperties,
  };
  const identity = 'identity' in spec ? spec.identity : { type: 'SystemAssigned' as const, principalId: 'p', tenantId: 't' };
  if (identity !== undefined) workspace.identity = identity;
  return workspace;
}

/** A diagnostic setting that sends allLogs to Log Analytics unless overridden. */
export function aDiagnosticSetting(overrides: Partial<DiagnosticSetting['properties']> & { name?: string } = {}): DiagnosticSetting {
  const { name = 'to-law', ...properties } = overrides;
  return {
    id: `/diag/${name}`,
    name,
    properties: {
      workspaceId: '/subscriptions/x/resourceGroups/logs/providers/Microsoft.OperationalInsights/workspaces/law',
      logs: [{ categoryGroup: 'allLogs', enabled: true }],
      ...properties,
    },
  };
}

export function anArmError(init: { code?: string; statusCode?: number; message?: string; requestId?: string } = {}): ArmError {
  return new ArmError({
    code: init.code ?? 'AuthorizationFailed',
    statusCode: init.statusCode ?? 403,
    message: init.message ?? 'The client does not have authorization to perform action.',
    requestId: init.requestId ?? 'req-0001',
  });
}

export interface FakeFleet {
  subscriptions?: string[];
  workspaces?: Workspace[];
  /** By workspace id (any case); workspaces without an entry have one good setting. */
  diagnostics?: Record<string, DiagnosticSetting[]>;
}

/**
 * An in-memory FleetReader. Every call waits `latencyMs` (global setTimeout, so fake timers drive it) and is counted
 * while in flight; listWorkspaces pays that wait once per page, as the HTTP reader does per nextLink.
 */
export class FakeFleetReader implements FleetReader {
  latencyMs = 1;
  pageSize = 100;
  inFlight = 0;
  maxInFlight = 0;
  readonly calls: { op: string; target: string }[] = [];
  /** What Resource Graph answers; default: every workspace in the fleet. May hold stale ids. */
  resourceGraphIds: string[] | undefined;
  resourceGraphRows: ResourceGraphRow[] | undefined;
  private readonly subscriptionFailures = new Map<string, { error: ArmError; afterPages: number }>();
  private readonly diagnosticFailures = new Map<string, ArmError>();
  private readonly getFailures = new Map<string, ArmError>();
  private resourceGraphFailure: ArmError | undefined;
  private readonly subscriptions: string[];
  private readonly workspaces: Workspace[];
  private readonly diagnostics: Map<string, DiagnosticSetting[]>;

  constructor(fleet: FakeFleet = {}) {
    this.workspaces = [...(fleet.workspaces ?? [])];
    this.subscriptions =
      fleet.subscriptions ?? [...new Set(this.workspaces.map((w) => parseResourceId(w.id)!.subscriptionId))];
    this.diagnostics = new Map(Object.entries(fleet.diagnostics ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  }

  /** listWorkspaces of this subscription throws `error` after yielding `afterPages` pages. */
  failSubscription(subscriptionId: string, error: ArmError = anArmError(), afterPages = 0): this {
    this.subscriptionFailures.set(subscriptionId.toLowerCase(), { error, afterPages });
    return this;
  }
  failDiagnostics(id: string, error: ArmError = anArmError()): this {
    this.diagnosticFailures.set(id.toLowerCase(), error);
    return this;
  }
  failGet(id: string, error: ArmError): this {
    this.getFailures.set(id.toLowerCase(), error);
    return this;
  }
  failResourceGraph(error: ArmError): this {
    this.resourceGraphFailure = error;
    return this;
  }

  callsOf(op: string): string[] {
    return this.calls.filter((c) => c.op === op).map((c) => c.target);
  }

  async listSubscriptions(options?: ReadOptions): Promise<Subscription[]> {
    await this.call('listSubscriptions', '', options);
    return this.subscriptions.map((subscriptionId) => ({ subscriptionId, state: 'Enabled' }));
  }

  async *listWorkspaces(subscriptionId: string, options?: ListWorkspacesOptions): AsyncIterable<Workspace> {
    const failure = this.subscriptionFailures.get(subscriptionId.toLowerCase());
    const rg = options?.resourceGroup?.toLowerCase();
    const matching = this.workspaces.filter((w) => {
      const id = parseResourceId(w.id)!;
      return id.subscriptionId.toLowerCase() === subscriptionId.toLowerCase() && (rg === undefined || id.resourceGroup.toLowerCase() === rg);
    });
    for (let page = 0; page === 0 || page * this.pageSize < matching.length; page++) {
      await this.call('listWorkspaces', `${subscriptionId}#${page}`, options);
      if (failure && page >= failure.afterPages) throw failure.error;
      yield* matching.slice(page * this.pageSize, (page + 1) * this.pageSize);
    }
  }

  async getWorkspace(id: string, options?: ReadOptions): Promise<Workspace> {
    await this.call('getWorkspace', id, options);
    const failure = this.getFailures.get(id.toLowerCase());
    if (failure) throw failure;
    const found = this.workspaces.find((w) => w.id.toLowerCase() === id.toLowerCase());
    if (!found) throw anArmError({ code: 'ResourceNotFound', statusCode: 404, message: `The Resource '${id}' was not found.` });
    return found;
  }

  async listDiagnosticSettings(resourceId: string, options?: ReadOptions): Promise<DiagnosticSetting[]> {
    await this.call('listDiagnosticSettings', resourceId, options);
    const failure = this.diagnosticFailures.get(resourceId.toLowerCase());
    if (failure) throw failure;
    return this.diagnostics.get(resourceId.toLowerCase()) ?? [aDiagnosticSetting()];
  }

  /**
   * Resource Graph: one page of rows. By default id-only rows (every one then needs an ARM GET to confirm);
   * `resourceGraphRows` replaces them with full rows (judged without a GET when they carry the fields).
   */
  async *queryWorkspaces(subscriptionIds: string[], options?: ListWorkspacesOptions): AsyncIterable<ResourceGraphRow[]> {
    await this.call('queryWorkspaces', subscriptionIds.join(','), options);
    if (this.resourceGraphFailure) throw this.resourceGraphFailure;
    const subs = new Set(subscriptionIds.map((s) => s.toLowerCase()));
    const rg = options?.resourceGroup?.toLowerCase();
    const rows = this.resourceGraphRows ?? (this.resourceGraphIds ?? this.workspaces.map((w) => w.id)).map((id) => ({ id }));
    yield rows.filter(({ id }) => {
      const p = parseResourceId(id)!;
      return subs.has(p.subscriptionId.toLowerCase()) && (rg === undefined || p.resourceGroup.toLowerCase() === rg);
    });
  }

  private async call(op: string, target: string, options?: ReadOptions): Promise<void> {
    options?.abortSignal?.throwIfAborted();
    this.calls.push({ op, target });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    } finally {
      this.inFlight--;
    }
  }
}

/** `count` workspaces spread over `subscriptions`, names ws-000.. with alternating compliance. */
export function aFleet(subscriptions: string[], perSubscription: number): Workspace[] {
  return subscriptions.flatMap((subscriptionId) =>
    Array.from({ length: perSubscription }, (_, i) =>
      aWorkspace({ subscriptionId, name: `ws-${String(i).padStart(3, '0')}`, ...(i % 2 ? { properties: { publicNetworkAccess: 'Enabled' } } : {}) }),
    ),
  );
}
