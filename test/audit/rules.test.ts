import { describe, expect, it } from 'vitest';
import { evaluateWorkspace, type DiagnosticsObservation } from '../../src/audit/rules.js';
import type { Check } from '../../src/audit/report.js';
import { RULES } from '../../src/audit/rule-catalog.js';
import { aDiagnosticSetting, aWorkspace, SUB_B } from './builders.js';

const readOk: DiagnosticsObservation = { kind: 'read', settings: [aDiagnosticSetting()] };

function check(result: { checks: Check[] }, rule: string): Check {
  const found = result.checks.find((c) => c.rule === rule);
  if (!found) throw new Error(`no check ${rule}`);
  return found;
}

describe('MachineLearning-005 truth table', () => {
  it.each([
    ['Disabled', 'AllowInternetOutbound', true],
    ['Disabled', 'Disabled', false],
    ['Enabled', 'AllowInternetOutbound', false],
    ['Enabled', 'Disabled', false],
    ['Disabled', 'AllowOnlyApprovedOutbound', false],
    ['Enabled', 'AllowOnlyApprovedOutbound', false],
  ] as const)('publicNetworkAccess %s + isolationMode %s -> compliant %s', (pna, mode, compliant) => {
    const result = evaluateWorkspace(aWorkspace({ properties: { publicNetworkAccess: pna, managedNetwork: { isolationMode: mode } } }), readOk);
    expect(result.compliant).toBe(compliant);
    expect(check(result, 'ML005-public-network-access').status).toBe(pna === 'Disabled' ? 'pass' : 'fail');
    expect(check(result, 'ML005-managed-network-isolation').status).toBe(mode === 'AllowInternetOutbound' ? 'pass' : 'fail');
  });

  it('ignores the related rules for the verdict', () => {
    const result = evaluateWorkspace(
      aWorkspace({ identity: undefined, properties: { hbiWorkspace: false, encryption: undefined } }),
      { kind: 'failed', error: { code: 'AuthorizationFailed', statusCode: 403, message: 'no' } },
    );
    expect(result.compliant).toBe(true);
    expect(result.checks.filter((c) => c.status !== 'pass').map((c) => c.rule)).toEqual([
      'AML-hbi-workspace', 'AML-system-assigned-identity', 'AML-customer-managed-key', 'AML-diagnostic-logs',
    ]);
  });
});

describe('ML005-public-network-access', () => {
  it('fails with a plain reason when Enabled', () => {
    const c = check(evaluateWorkspace(aWorkspace({ properties: { publicNetworkAccess: 'Enabled' } }), readOk), 'ML005-public-network-access');
    expect(c).toMatchObject({ status: 'fail', actual: 'Enabled', expected: 'Disabled', reason: 'publicNetworkAccess is Enabled; it must be Disabled.' });
    expect(c.remediation).toMatch(/Disabled/);
  });

  it('treats a missing value as the service default Enabled and says so', () => {
    const c = check(evaluateWorkspace(aWorkspace({ properties: { publicNetworkAccess: undefined } }), readOk), 'ML005-public-network-access');
    expect(c.status).toBe('fail');
    expect(c.actual).toBe('not set (service default Enabled)');
    expect(c.reason).toMatch(/not set.*default Enabled.*must be Disabled/);
  });

  it('passes when Disabled, without remediation', () => {
    const c = check(evaluateWorkspace(aWorkspace(), readOk), 'ML005-public-network-access');
    expect(c).toMatchObject({ status: 'pass', actual: 'Disabled' });
    expect(c.remediation).toBeUndefined();
  });
});

describe('ML005-managed-network-isolation', () => {
  it('counts a missing managedNetwork as Disabled', () => {
    const result = evaluateWorkspace(aWorkspace({ properties: { managedNetwork: undefined } }), readOk);
    const c = check(result, 'ML005-managed-network-isolation');
    expect(c).toMatchObject({ status: 'fail', actual: 'not set (Disabled)', expected: 'AllowInternetOutbound' });
    expect(c.reason).toMatch(/managedNetwork is not set.*Disabled.*AllowInternetOutbound/);
    expect(result.compliant).toBe(false);
  });

  it('counts a managedNetwork without isolationMode as Disabled', () => {
    const c = check(evaluateWorkspace(aWorkspace({ properties: { managedNetwork: { outboundRules: {} } } }), readOk), 'ML005-managed-network-isolation');
    expect(c.status).toBe('fail');
    expect(c.reason).toMatch(/isolationMode is not set/);
  });

  it('says AllowOnlyApprovedOutbound needs re-creation', () => {
    const c = check(evaluateWorkspace(aWorkspace({ properties: { managedNetwork: { isolationMode: 'AllowOnlyApprovedOutbound' } } }), readOk), 'ML005-managed-network-isolation');
    expect(c.reason).toBe('managedNetwork.isolationMode is AllowOnlyApprovedOutbound; it must be AllowInternetOutbound.');
    expect(c.remediation).toMatch(/re-create/);
  });

  it('gives the in-place remediation for Disabled', () => {
    const c = check(evaluateWorkspace(aWorkspace({ properties: { managedNetwork: { isolationMode: 'Disabled' } } }), readOk), 'ML005-managed-network-isolation');
    expect(c.remediation).toMatch(/allow_internet_outbound/);
  });
});

describe('related rules', () => {
  it('AML-hbi-workspace: pass on true, fail on false and on missing', () => {
    expect(check(evaluateWorkspace(aWorkspace(), readOk), 'AML-hbi-workspace').status).toBe('pass');
    expect(check(evaluateWorkspace(aWorkspace({ properties: { hbiWorkspace: false } }), readOk), 'AML-hbi-workspace')).toMatchObject({ status: 'fail', actual: 'false' });
    expect(check(evaluateWorkspace(aWorkspace({ properties: { hbiWorkspace: undefined } }), readOk), 'AML-hbi-workspace')).toMatchObject({ status: 'fail', actual: 'not set (false)' });
  });

  it.each([
    ['SystemAssigned', 'pass'],
    ['SystemAssigned,UserAssigned', 'pass'],
    ['SystemAssigned, UserAssigned', 'pass'],
    ['UserAssigned', 'fail'],
    ['None', 'fail'],
  ] as const)('AML-system-assigned-identity: %s -> %s', (type, status) => {
    const ws = aWorkspace({ identity: { type: type as 'SystemAssigned' } });
    expect(check(evaluateWorkspace(ws, readOk), 'AML-system-assigned-identity').status).toBe(status);
  });

  it('AML-system-assigned-identity: fails without identity', () => {
    const c = check(evaluateWorkspace(aWorkspace({ identity: undefined }), readOk), 'AML-system-assigned-identity');
    expect(c).toMatchObject({ status: 'fail', actual: 'not set (None)' });
  });

  it('AML-customer-managed-key: pass on Enabled, fail on Disabled and missing', () => {
    expect(check(evaluateWorkspace(aWorkspace(), readOk), 'AML-customer-managed-key').status).toBe('pass');
    const disabled = aWorkspace({ properties: { encryption: { status: 'Disabled', keyVaultProperties: { keyVaultArmId: '', keyIdentifier: '' } } } });
    expect(check(evaluateWorkspace(disabled, readOk), 'AML-customer-managed-key')).toMatchObject({ status: 'fail', actual: 'Disabled' });
    const missing = check(evaluateWorkspace(aWorkspace({ properties: { encryption: undefined } }), readOk), 'AML-customer-managed-key');
    expect(missing.status).toBe('fail');
    expect(missing.reason).toMatch(/Microsoft-managed keys/);
  });

  describe('AML-diagnostic-logs', () => {
    const diag = (observation: DiagnosticsObservation) => evaluateWorkspace(aWorkspace(), observation).checks.find((c) => c.rule === 'AML-diagnostic-logs');

    it('passes with an enabled category group and a destination', () => {
      expect(diag(readOk)?.status).toBe('pass');
    });
    it('passes with an enabled category sent to storage', () => {
      const s = aDiagnosticSetting({ workspaceId: undefined, storageAccountId: '/sa', logs: [{ category: 'AmlComputeJobEvent', enabled: true }] });
      expect(diag({ kind: 'read', settings: [s] })?.status).toBe('pass');
    });
    it('fails with no settings', () => {
      expect(diag({ kind: 'read', settings: [] })).toMatchObject({ status: 'fail', actual: 'none' });
    });
    it('fails when logs are all disabled, or there is no destination', () => {
      const disabled = aDiagnosticSetting({ name: 'off', logs: [{ categoryGroup: 'allLogs', enabled: false }] });
      const nowhere = aDiagnosticSetting({ name: 'nowhere', workspaceId: undefined });
      const metricsOnly = aDiagnosticSetting({ name: 'metrics', logs: [], metrics: [{ category: 'AllMetrics', enabled: true }] });
      const c = diag({ kind: 'read', settings: [disabled, nowhere, metricsOnly] });
      expect(c?.status).toBe('fail');
      expect(c?.reason).toBe('None of the 3 diagnostic settings both enables a log category and has a destination.');
    });
    it('is unknown when the settings could not be read, with the reason', () => {
      const c = diag({ kind: 'failed', error: { code: 'AuthorizationFailed', statusCode: 403, message: 'The client does not have authorization' } });
      expect(c).toMatchObject({ status: 'unknown', actual: 'could not be read' });
      expect(c?.reason).toBe('Diagnostic settings could not be read: AuthorizationFailed (HTTP 403): The client does not have authorization.');
      expect(c?.remediation).toBeUndefined();
    });
    it('is left out when diagnostics were skipped', () => {
      expect(diag({ kind: 'skipped' })).toBeUndefined();
    });
  });
});

describe('evaluateWorkspace', () => {
  it('reports identity fields from the ARM id and every catalog rule in catalog order', () => {
    const result = evaluateWorkspace(aWorkspace({ subscriptionId: SUB_B, resourceGroup: 'RG-X', name: 'alpha', location: 'eastus' }), readOk);
    expect(result).toMatchObject({ name: 'alpha', subscriptionId: SUB_B, resourceGroup: 'RG-X', location: 'eastus', compliant: true });
    expect(result.checks.map((c) => c.rule)).toEqual(RULES.map((r) => r.id));
    for (const c of result.checks) expect(c.title).toBe(RULES.find((r) => r.id === c.rule)?.title);
  });
});
