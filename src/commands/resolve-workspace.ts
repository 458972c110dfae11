import { ArmError, UsageError } from '../errors.js';
import type { FleetReader } from '../azure/ports.js';
import { parseWorkspaceIds } from './plan-support.js';

/** Where bare names are looked up: as `az ml workspace show -n NAME -g GROUP [--subscription SUB]`. */
export interface NameScope {
  subscription?: string[];
  resourceGroup?: string;
}

/** Names never contain '/', so anything with one is taken for an id (and refused if it is not a workspace id). */
export function isWorkspaceName(ref: string): boolean {
  return !ref.includes('/');
}

/**
 * Turns each reference into a workspace id: ids are checked and kept; names are looked up in the scope (one
 * listing, only when a name is given). A name that matches nothing, or more than one workspace, is a usage error
 * (exit 3) that lists what it found, so the user can add -g/--subscription or give the id.
 */
export async function resolveWorkspaceRefs(reader: Pick<FleetReader, 'listSubscriptions' | 'listWorkspaces'>, refs: readonly string[], scope: NameScope): Promise<string[]> {
  parseWorkspaceIds(refs.filter((r) => !isWorkspaceName(r)));
  const names = refs.filter(isWorkspaceName);
  if (names.length === 0) return [...refs];
  const known = await listWorkspaceIds(reader, scope);
  return refs.map((ref) => (isWorkspaceName(ref) ? pickByName(ref, known, scope) : ref));
}

/** Pure: the one id whose name is `name` (case-insensitive, as ARM names are), or a usage error. */
export function pickByName(name: string, ids: readonly string[], scope: NameScope): string {
  const matches = ids.filter((id) => id.split('/').pop()!.toLowerCase() === name.toLowerCase());
  if (matches.length === 1) return matches[0]!;
  const where = describeScope(scope);
  if (matches.length === 0) {
    throw new UsageError(`No workspace named "${name}" ${where}: check the name, or give -g/--resource-group, --subscription or the full workspace id.`);
  }
  throw new UsageError(`The name "${name}" matches ${matches.length} workspaces ${where}: ${matches.join(', ')}; give -g/--resource-group and --subscription, or the full id.`);
}

async function listWorkspaceIds(reader: Pick<FleetReader, 'listSubscriptions' | 'listWorkspaces'>, scope: NameScope): Promise<string[]> {
  const subscriptions = scope.subscription?.length ? scope.subscription : (await reader.listSubscriptions()).map((s) => s.subscriptionId);
  const ids: string[] = [];
  for (const subscriptionId of subscriptions) {
    const options = scope.resourceGroup ? { resourceGroup: scope.resourceGroup } : {};
    try {
      for await (const ws of reader.listWorkspaces(subscriptionId, options)) ids.push(ws.id);
    } catch (error) {
      // -g names a group that exists in some of the subscriptions only: the others simply have no match.
      if (!(error instanceof ArmError && error.code === 'ResourceGroupNotFound')) throw error;
    }
  }
  return ids;
}

function describeScope(scope: NameScope): string {
  const subs = scope.subscription?.length ? `subscription ${scope.subscription.join(', ')}` : 'any subscription the credential can see';
  return `in ${scope.resourceGroup ? `resource group ${scope.resourceGroup} of ` : ''}${subs}`;
}
