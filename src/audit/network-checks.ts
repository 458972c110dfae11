import type { Workspace } from '../model/workspace.js';
import type { Check } from './report.js';
import { makeCheck } from './make-check.js';
import { ML005_TARGET } from '../model/ml005.js';

/**
 * The two conditions of MachineLearning-005, read from one workspace's own properties. The target values are the
 * rule's own (model/ml005.ts), shared with the planner and the executor's verify.
 */

export function checkPublicNetworkAccess(workspace: Workspace): Check {
  const value = workspace.properties.publicNetworkAccess;
  const actual = value ?? 'not set (service default Enabled)';
  const expected = ML005_TARGET.publicNetworkAccess;
  if (value === expected) {
    return makeCheck('ML005-public-network-access', 'pass', actual, expected, 'publicNetworkAccess is Disabled.');
  }
  const reason =
    value === undefined
      ? 'publicNetworkAccess is not set, so the service default Enabled applies; it must be Disabled.'
      : `publicNetworkAccess is ${value}; it must be Disabled.`;
  return makeCheck('ML005-public-network-access', 'fail', actual, expected, reason);
}

export function checkManagedNetworkIsolation(workspace: Workspace): Check {
  const managed = workspace.properties.managedNetwork;
  const mode = managed?.isolationMode;
  const rule = 'ML005-managed-network-isolation';
  const expected = ML005_TARGET.isolationMode;
  if (mode === expected) {
    return makeCheck(rule, 'pass', mode, expected, 'managedNetwork.isolationMode is AllowInternetOutbound.');
  }
  if (managed === undefined) {
    return makeCheck(rule, 'fail', 'not set (Disabled)', expected,
      'managedNetwork is not set, which counts as isolation mode Disabled; it must be AllowInternetOutbound.');
  }
  if (mode === undefined) {
    return makeCheck(rule, 'fail', 'not set (Disabled)', expected,
      'managedNetwork.isolationMode is not set, which counts as Disabled; it must be AllowInternetOutbound.');
  }
  const check = makeCheck(rule, 'fail', mode, expected, `managedNetwork.isolationMode is ${mode}; it must be AllowInternetOutbound.`);
  if (mode === 'AllowOnlyApprovedOutbound') {
    // The service refuses AllowOnlyApprovedOutbound -> AllowInternetOutbound (FACTS.md, "Transitions are one-way").
    check.remediation =
      'AllowOnlyApprovedOutbound cannot be changed to AllowInternetOutbound in place: re-create the workspace with isolation mode AllowInternetOutbound.';
  }
  return check;
}
