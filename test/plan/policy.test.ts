import { describe, expect, it } from 'vitest';
import { defaultPolicy, loadPolicy, mergePolicy, PolicyError, policyFromFlags } from '../../src/plan/policy.js';
import { deriveWorkspaceName } from '../../src/plan/naming.js';
import { policySchema } from '../../src/plan/policy-schema.js';
import { UsageError } from '../../src/errors.js';
import { storageId, vaultId } from './builders.js';

function problemsOf(fn: () => unknown): PolicyError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyError);
    expect(error).toBeInstanceOf(UsageError);
    return error as PolicyError;
  }
  throw new Error('expected a PolicyError');
}

describe('policy', () => {
  it('has safe defaults: tag, blob+file to the default storage, keep CMK/HBI, keep the source', () => {
    expect(defaultPolicy()).toEqual({
      tag: { name: 'aml-isolate', value: 'remediated' }, privateEndpoints: [], defaultStoragePrivateEndpoints: ['blob', 'file'],
      customerManagedKey: { required: 'keep' }, hbi: 'keep', serverlessSpark: false,
      recreate: { nameTemplate: '{name}-iso', allowSameName: false, retireSource: 'keep' }, allowRemovingComputes: false, inbound: { mode: 'auto', allowNoInbound: false },
      // Carry-over: what costs money, grants access or needs a secret is listed, not copied, unless asked for.
      carryOver: {
        datastores: 'copy', environments: 'copy', data: 'copy', models: 'copy', computeClusters: 'copy', computeInstances: 'list',
        onlineEndpoints: 'list', connections: 'list', roleAssignments: 'list', schedules: 'list', copySecrets: false,
      },
    });
  });

  it('refuses to copy schedules (this version cannot)', () => {
    expect(() => loadPolicy('carryOver: { schedules: copy }', 'p.yml')).toThrow();
  });

  it('loads a full policy file', () => {
    const { policy } = loadPolicy([
      'version: 1',
      'tag: {name: compliance, value: ml005}',
      'privateEndpoints:',
      `  - serviceResourceId: ${vaultId('kv-data')}`,
      '    subresourceTarget: vault',
      'defaultStoragePrivateEndpoints: [blob]',
      'customerManagedKey:',
      '  required: true',
      `  keyVaultId: ${vaultId('kv-cmk')}`,
      '  keyName: cmk',
      'hbi: true',
      'serverlessSpark: true',
      'recreate: {nameSuffix: -v2, retireSource: soft-delete}',
      '',
    ].join('\n'), 'policy.yaml');
    expect(policy.tag).toEqual({ name: 'compliance', value: 'ml005' });
    expect(policy.privateEndpoints).toEqual([{ serviceResourceId: vaultId('kv-data'), subresourceTarget: 'vault', sparkEnabled: false }]);
    expect(policy.recreate).toEqual({ nameTemplate: '{name}-v2', allowSameName: false, retireSource: 'soft-delete' });
    expect(policy.customerManagedKey).toEqual({ required: true, keyVaultId: vaultId('kv-cmk'), keyName: 'cmk' });
    // A resolved policy is itself valid input: re-parsing is the identity.
    expect(policySchema.parse(policy)).toEqual(policy);
  });

  it('reports every problem at once with its YAML path and line', () => {
    const text = [
      'tag: {name: ok, value: fine}',
      'hbi: maybe',
      'privateEndpoints:',
      '  - serviceResourceId: not-an-arm-id',
      '    subresourceTarget: blob',
      'recreate:',
      '  retireSource: shred',
      'colour: blue',
      '',
    ].join('\n');
    const error = problemsOf(() => loadPolicy(text, 'p.yaml'));
    const byPath = Object.fromEntries(error.problems.map((p) => [p.path, p.line]));
    // An unknown key is reported at its own line; problems come in file order.
    expect(byPath).toEqual({ hbi: 2, 'privateEndpoints[0].serviceResourceId': 4, 'recreate.retireSource': 7, colour: 8 });
    expect(error.problems.map((p) => p.line)).toEqual([2, 4, 7, 8]);
    expect(error.problems.find((p) => p.path === 'hbi')!.message).toBe('must be true, false or keep');
    expect(error.problems).toHaveLength(4);
    expect(error.message).toContain('4 problems');
    expect(error.message).toContain('p.yaml:7:17: recreate.retireSource');
    expect(error.message).toContain('unknown key "colour"');
  });

  it('reports YAML syntax errors with their lines', () => {
    const error = problemsOf(() => loadPolicy('hbi: true\nhbi: false\n', 'dup.yaml'));
    expect(error.problems[0]).toMatchObject({ line: 2 });
  });

  it('explains the requests Azure cannot satisfy', () => {
    const error = problemsOf(() => loadPolicy('isolationMode: Disabled\ncustomerManagedKey: {required: true}\nrecreate: {nameTemplate: "{name}"}\n', 'x.yaml'));
    const text = error.problems.map((p) => `${p.path}: ${p.message}`).join('\n');
    expect(text).toContain('isolationMode: a managed network can never go back to Disabled');
    expect(text).toContain('customerManagedKey.keyVaultId: required when');
    expect(text).toContain('customerManagedKey.keyName: give exactly one of keyName and keyUri');
    expect(text).toContain('recreate.nameTemplate: reuses the source name');
  });

  it('checks the key URI against the vault and Spark against the storage rules', () => {
    const error = problemsOf(() => loadPolicy(`customerManagedKey: {required: true, keyVaultId: "${vaultId('kv-a')}", keyUri: "https://kv-b.vault.azure.net/keys/k"}\nserverlessSpark: true\ndefaultStoragePrivateEndpoints: false\n`, 'x.yaml'));
    expect(error.problems.map((p) => p.path)).toEqual(['customerManagedKey.keyUri', 'serverlessSpark']);
  });

  it('converts flags and lets them override the file; all flag problems at once', () => {
    const base = loadPolicy('recreate: {nameTemplate: "old-{name}"}\nprivateEndpoints: [{serviceResourceId: "' + vaultId('kv-a') + '", subresourceTarget: vault}]\n', 'f.yaml').policy;
    const merged = mergePolicy(base, policyFromFlags({ tag: 'team=ml', nameSuffix: '-new', privateEndpoint: [`${storageId('st2')}:dfs:spark`], allowRemovingComputes: true }));
    expect(merged.tag).toEqual({ name: 'team', value: 'ml' });
    expect(merged.recreate.nameTemplate).toBe('{name}-new');
    expect(merged.privateEndpoints.map((r) => r.subresourceTarget)).toEqual(['vault', 'dfs']);
    expect(merged.privateEndpoints[1]!.sparkEnabled).toBe(true);
    expect(merged.allowRemovingComputes).toBe(true);
    expect(mergePolicy(defaultPolicy(), policyFromFlags({ noTag: true })).tag).toBeNull();
    const error = problemsOf(() => policyFromFlags({ tag: 'novalue', noTag: true, privateEndpoint: ['just-an-id'] }));
    expect(error.problems.map((p) => p.path)).toEqual(['--tag', '--tag', '--private-endpoint']);
    expect(() => mergePolicy(defaultPolicy(), policyFromFlags({ retireSource: 'burn' }))).toThrow(/recreate\.retireSource/);
  });

  it('--carry-over and --copy-secrets set carryOver per kind over the file; a bad kind or decision is named', () => {
    const base = loadPolicy('carryOver: {models: list, connections: copy}\n', 'f.yaml').policy;
    const merged = mergePolicy(base, policyFromFlags({ carryOver: ['onlineEndpoints=copy', 'models=skip', 'models=copy'], copySecrets: true }));
    expect(merged.carryOver).toEqual({ ...defaultPolicy().carryOver, onlineEndpoints: 'copy', models: 'copy', connections: 'copy', copySecrets: true });
    expect(mergePolicy(base, policyFromFlags({})).carryOver).toEqual(base.carryOver);
    const error = problemsOf(() => policyFromFlags({ carryOver: ['widgets=copy', 'models=maybe', 'models', 'schedules=copy'] }));
    expect(error.problems.map((p) => p.path)).toEqual(['--carry-over', '--carry-over', '--carry-over', '--carry-over']);
    expect(error.problems[0]!.message).toMatch(/KIND one of datastores, .*schedules; got "widgets=copy"/);
    expect(error.problems[1]!.message).toBe('--carry-over models takes copy, list or skip; got "models=maybe"');
    expect(error.problems[2]!.message).toMatch(/got "models"$/);
    expect(error.problems[3]!.message).toMatch(/cannot copy schedules/);
  });

  it('derives names from the template, truncating the source name to fit', () => {
    expect(deriveWorkspaceName('ws-1', '{name}-iso')).toBe('ws-1-iso');
    expect(deriveWorkspaceName('x'.repeat(33), 'new-{name}')).toBe(`new-${'x'.repeat(29)}`);
    expect(deriveWorkspaceName(`${'x'.repeat(28)}-abcd`, '{name}-iso')).toBe(`${'x'.repeat(28)}-iso`);
    expect(deriveWorkspaceName('ws-1', '{name}')).toBe('ws-1');
  });
});
