import type { Workspace } from './workspace.js';

/**
 * MachineLearning-005, the rule itself: public network access Disabled and a managed network in AllowInternetOutbound
 * mode. A missing managedNetwork counts as isolation mode Disabled, a missing publicNetworkAccess as the service
 * default Enabled. The audit's checks (audit/rules.ts), the planner and the executor's verify all decide from here.
 */
export const ML005_TARGET = { publicNetworkAccess: 'Disabled', isolationMode: 'AllowInternetOutbound' } as const;

export interface Ml005Violation {
  field: 'publicNetworkAccess' | 'managedNetwork.isolationMode';
  /** undefined: not set on the workspace. */
  actual: string | undefined;
  expected: string;
}

export function ml005Violations(workspace: Workspace): Ml005Violation[] {
  const violations: Ml005Violation[] = [];
  const access = workspace.properties.publicNetworkAccess;
  if (access !== ML005_TARGET.publicNetworkAccess) violations.push({ field: 'publicNetworkAccess', actual: access, expected: ML005_TARGET.publicNetworkAccess });
  const mode = workspace.properties.managedNetwork?.isolationMode;
  if (mode !== ML005_TARGET.isolationMode) violations.push({ field: 'managedNetwork.isolationMode', actual: mode, expected: ML005_TARGET.isolationMode });
  return violations;
}

export function meetsMl005(workspace: Workspace): boolean {
  return ml005Violations(workspace).length === 0;
}

/** One line per violation, e.g. "publicNetworkAccess is Enabled; it must be Disabled". */
export function describeViolation(v: Ml005Violation): string {
  return `${v.field} is ${v.actual ?? 'not set'}; it must be ${v.expected}`;
}
