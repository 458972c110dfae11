import type { ResourceGraphRow } from '../azure/ports.js';
import type { Workspace } from '../model/workspace.js';

/**
 * Pure: the workspace as far as a Resource Graph row lets the checks decide, or undefined when it does not.
 *
 * A row decides only when it carries every field the MachineLearning-005 verdict reads: `properties.publicNetworkAccess`
 * and `properties.managedNetwork.isolationMode` as strings, and `kind` (a Project, whose settings come from its hub,
 * also needs `properties.hubResourceId`). A missing field is never read as the ARM default ("not set" fails), because
 * FACTS marks ARG's managedNetwork as unverified and ARG lags: the caller confirms such a row with an ARM GET.
 * Only the fields the rules read are kept (memory at 100,000 workspaces), never the outbound rules.
 */
export function workspaceFromRow(row: ResourceGraphRow): Workspace | undefined {
  const properties = asRecord(row.properties);
  const managedNetwork = asRecord(properties?.['managedNetwork']);
  const publicNetworkAccess = properties?.['publicNetworkAccess'];
  const isolationMode = managedNetwork?.['isolationMode'];
  const kind = row.kind;
  const hubResourceId = properties?.['hubResourceId'];
  if (!properties || typeof publicNetworkAccess !== 'string' || typeof isolationMode !== 'string') return undefined;
  if (typeof kind !== 'string' || typeof row.name !== 'string' || typeof row.location !== 'string') return undefined;
  if (kind.toLowerCase() === 'project' && typeof hubResourceId !== 'string') return undefined;

  const slim: Workspace['properties'] = {
    publicNetworkAccess: publicNetworkAccess as Workspace['properties']['publicNetworkAccess'],
    managedNetwork: { isolationMode: isolationMode as NonNullable<Workspace['properties']['managedNetwork']>['isolationMode'] },
  };
  if (typeof properties['hbiWorkspace'] === 'boolean') slim.hbiWorkspace = properties['hbiWorkspace'];
  const encryptionStatus = asRecord(properties['encryption'])?.['status'];
  if (encryptionStatus === 'Enabled' || encryptionStatus === 'Disabled') {
    slim.encryption = { status: encryptionStatus } as NonNullable<Workspace['properties']['encryption']>;
  }
  if (typeof hubResourceId === 'string') slim['hubResourceId'] = hubResourceId;
  const identityType = asRecord(row.identity)?.['type'];
  const workspace: Workspace = { id: row.id, name: row.name, location: row.location, kind, properties: slim } as Workspace;
  if (typeof identityType === 'string') workspace.identity = { type: identityType as NonNullable<Workspace['identity']>['type'] };
  return workspace;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
