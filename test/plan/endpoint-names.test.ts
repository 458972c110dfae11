import { describe, expect, it } from 'vitest';
import { planCarryOver } from '../../src/plan/carry-over-plan.js';
import { checkEndpointNames } from '../../src/plan/endpoint-name-checks.js';
import { DEFAULT_ENDPOINT_NAME_RULE, deriveEndpointName, isValidEndpointName, renamesEndpoints } from '../../src/plan/endpoint-names.js';
import { DiagnosticCollector } from '../../src/plan/diagnostics.js';
import { policySchema } from '../../src/plan/policy-schema.js';
import { planRemediation } from '../../src/plan/plan-remediation.js';
import type { ObservedContents } from '../../src/plan/observed.js';
import { workspaceId } from '../../src/model/resource-id.js';
import { aContext, anObservedWorkspace, aPolicy, FIXED, fixedIds, RG, SUB } from './builders.js';

const SOURCE = workspaceId(SUB, RG, 'ws-1');
const TARGET = workspaceId(SUB, RG, 'ws-1-iso');

/** An endpoint with two deployments and a 90/10 split, as read. */
function endpointContents(...names: string[]): ObservedContents {
  const items = names.flatMap((n) => [
    { path: `onlineEndpoints/${n}`, body: { location: 'westeurope', properties: { authMode: 'Key', traffic: { blue: 90, green: 10 }, scoringUri: `https://${n}.westeurope.inference.ml.azure.com/score` } } },
    { path: `onlineEndpoints/${n}/deployments/blue`, body: { properties: { model: 'azureml:m:1' } } },
    { path: `onlineEndpoints/${n}/deployments/green`, body: { properties: { model: 'azureml:m:2' } } },
  ]);
  return { items, unreadable: [] };
}
const copyEndpoints = policySchema.parse({ carryOver: { onlineEndpoints: 'copy' } });
const paths = (carry: ReturnType<typeof planCarryOver>, kind: string) => carry.groups.find((g) => g.kind === kind)!.items.map((i) => [i.sourcePath, i.path]);

describe('online endpoint names of copies (unique per region)', () => {
  it('derives {name}-2 by default, substitutes {workspace}, and cuts only the source name to 32 characters', () => {
    expect(DEFAULT_ENDPOINT_NAME_RULE).toBe('{name}-2');
    expect(deriveEndpointName('fraud-scoring', DEFAULT_ENDPOINT_NAME_RULE, 'ws-1-iso')).toBe('fraud-scoring-2');
    expect(deriveEndpointName('fraud', '{name}-{workspace}', 'ws-1-iso')).toBe('fraud-ws-1-iso');
    const long = 'a'.repeat(30) + '-b';
    const cut = deriveEndpointName(long, '{name}-2', 'w');
    expect([cut, cut.length]).toEqual([`${'a'.repeat(30)}-2`, 32]);
    // A cut that leaves a dash before the rule's own dash does not double it.
    expect(deriveEndpointName(`${'a'.repeat(29)}-bcd`, '{name}-2', 'w')).toBe(`${'a'.repeat(29)}-2`);
  });

  it('knows the endpoint name rules: a letter first, 3-32 letters, digits and single dashes', () => {
    expect(['abc', 'a-b', 'A1-b2', 'a'.repeat(32)].map(isValidEndpointName)).toEqual([true, true, true, true]);
    expect(['ab', 'a'.repeat(33), '1abc', 'a--b', 'abc-', 'a_bc', '-abc'].map(isValidEndpointName)).toEqual([false, false, false, false, false, false, false]);
  });

  it('renames only into the source\'s region while the source exists (not across regions, not a same-name re-creation)', () => {
    expect(renamesEndpoints('westeurope', 'West Europe', false)).toBe(true);
    expect(renamesEndpoints('westeurope', 'eastus', false)).toBe(false);
    expect(renamesEndpoints('westeurope', 'westeurope', true)).toBe(false);
  });

  it('gives the endpoint, its deployments and its traffic the new name, keeping the source path; no rule keeps the name', () => {
    const carry = planCarryOver(endpointContents('fraud'), copyEndpoints, SOURCE, TARGET, false, '{name}-2');
    expect(carry.endpointNameRule).toBe('{name}-2');
    expect(paths(carry, 'onlineEndpoints')).toEqual([['onlineEndpoints/fraud', 'onlineEndpoints/fraud-2']]);
    expect(paths(carry, 'deployments')).toEqual([['onlineEndpoints/fraud/deployments/blue', 'onlineEndpoints/fraud-2/deployments/blue'], ['onlineEndpoints/fraud/deployments/green', 'onlineEndpoints/fraud-2/deployments/green']]);
    expect(paths(carry, 'traffic')).toEqual([['onlineEndpoints/fraud', 'onlineEndpoints/fraud-2']]);
    expect(carry.warnings.join('\n')).toContain('online endpoint fraud is copied as fraud-2');
    const kept = planCarryOver(endpointContents('fraud'), copyEndpoints, SOURCE, TARGET, false);
    expect([kept.endpointNameRule, paths(kept, 'onlineEndpoints')]).toEqual([undefined, [[undefined, 'onlineEndpoints/fraud']]]);
  });

  it('blocks names Azure would refuse: invalid, two copies alike, or a name one of the source\'s endpoints holds', () => {
    const codes = (names: string[], rule: string) => {
      const d = new DiagnosticCollector();
      checkEndpointNames(planCarryOver(endpointContents(...names), copyEndpoints, SOURCE, TARGET, false, rule), TARGET, d);
      return d.items.map((i) => i.code);
    };
    expect(codes(['fraud', 'churn'], '{name}-2')).toEqual([]);
    expect(codes(['fraud'], '9{name}')).toEqual(['endpoint-name-invalid']);
    expect(codes(['fraud', 'fraud-2'], '{name}-2')).toEqual(['endpoint-name-collision']);
    expect(codes(['abcdefghij-klmnopqrstuvwxyz-0123', 'abcdefghij-klmnopqrstuvwxyz-0124'], '{name}-2')).toEqual(['endpoint-name-collision']);
  });

  it('the policy refuses a rule without {name} or with other characters', () => {
    expect(policySchema.safeParse({ carryOver: { endpointName: 'fixed' } }).success).toBe(false);
    expect(policySchema.safeParse({ carryOver: { endpointName: '{name}_x' } }).success).toBe(false);
    expect(policySchema.parse({ carryOver: { endpointName: '{name}-{workspace}' } }).carryOver.endpointName).toBe('{name}-{workspace}');
  });

  it('planRemediation renames copies of a re-creation in the same region with the policy\'s rule, and keeps names for a same-name one', () => {
    const source = { ...anObservedWorkspace(), contents: endpointContents('fraud') };
    const run = (policy: object) => planRemediation(aContext({ workspaces: [source], names: { [TARGET]: 'free' } }), aPolicy({ hbi: true, ...policy }), { ...FIXED, newId: fixedIds() }).plan.workspaces[0]!;
    const renamed = run({ carryOver: { onlineEndpoints: 'copy', endpointName: '{name}-{workspace}' } });
    expect([renamed.blocked, renamed.carryOver!.groups.find((g) => g.kind === 'onlineEndpoints')!.items[0]!.path]).toEqual([false, 'onlineEndpoints/fraud-ws-1-iso']);
    const same = run({ carryOver: { onlineEndpoints: 'copy' }, recreate: { nameTemplate: '{name}', allowSameName: true } });
    expect([same.strategy, same.carryOver!.endpointNameRule, same.carryOver!.groups.find((g) => g.kind === 'onlineEndpoints')!.items[0]!.path]).toEqual(['recreate-same-name', undefined, 'onlineEndpoints/fraud']);
  });
});
