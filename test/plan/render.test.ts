import { describe, expect, it } from 'vitest';
import { planExitCode, renderPlan, summarise } from '../../src/plan/render.js';
import { planDeterministically } from '../../src/plan/example-plan.js';
import { aContext } from './builders.js';
import { CASES } from './cases.js';

function fleetPlan(names: string[]) {
  const parts = names.map((n) => CASES[n]!());
  const workspaces = parts.flatMap((p, i) => p.ctx.workspaces.map((w) => {
    // Give each case's workspace its own identity so the fleet is realistic.
    const name = `ws-${i + 1}`;
    const id = w.workspace.id.replace(/ws-1$/, name);
    return { ...w, workspace: { ...w.workspace, id, name }, fingerprints: { [id.toLowerCase()]: { id, kind: 'etag' as const, value: `"e${i}"` } } };
  }));
  const ctx = aContext({ workspaces });
  ctx.names = Object.fromEntries(workspaces.map((w) => [`${w.workspace.id}-iso`.toLowerCase(), 'free' as const]));
  return planDeterministically(ctx, parts[0]!.policy).plan;
}

describe('render', () => {
  it('shows the terraform-like markers for in-place, replace, destroy and diagnostics', () => {
    const { ctx, policy } = CASES['computes-removed']!();
    const inPlace = renderPlan(planDeterministically(ctx, policy).plan);
    expect(inPlace).toContain('~ update in-place');
    expect(inPlace).toContain('~ managedNetwork.isolationMode: "Disabled" -> "AllowInternetOutbound"');
    const pub = CASES['public-enabled-in-place']!();
    expect(renderPlan(planDeterministically(pub.ctx, pub.policy).plan)).toContain('~ publicNetworkAccess: "Enabled" -> "Disabled"');
    expect(inPlace).toContain('- destroy [w1.1] delete-online-endpoint');
    expect(inPlace).toContain('! IRREVERSIBLE: cannot be undone: re-create from your own definitions');
    expect(inPlace).toMatch(/Plan: 2 to create, 1 to update in place, 0 to replace, 3 to destroy\.\n$/);

    const c = CASES['cmk-problems']!();
    const recreate = renderPlan(planDeterministically(c.ctx, c.policy).plan);
    expect(recreate).toContain('-/+ replace');
    expect(recreate).toContain('# forces re-creation: customer-managed key can only be set at creation');
    expect(recreate).toContain('Error: [cmk-purge-protection]');
    expect(recreate).toContain('strategy: recreate (BLOCKED)');
    expect(recreate).toContain('not carried over:');
    expect(recreate).toContain('holds:');

    const same = CASES['same-name-recreate']!();
    expect(renderPlan(planDeterministically(same.ctx, same.policy).plan)).toContain('- destroy [w1.1] purge-source');
  });

  it('says so when there is nothing to do, and colours only on request', () => {
    const { ctx, policy } = CASES['compliant-none']!();
    const plan = planDeterministically(ctx, policy).plan;
    const text = renderPlan(plan);
    expect(text).toContain('No changes.');
    expect(text).toContain('Plan: 0 to create, 0 to update in place, 0 to replace, 0 to destroy.');
    expect(text).not.toContain('\u001b[');
    expect(renderPlan(plan, { color: true })).toContain('\u001b[');
  });

  it('summarises a fleet by distinct resources', () => {
    const plan = fleetPlan(['compliant-none', 'isolation-disabled-in-place', 'approved-outbound-recreate']);
    expect(summarise(plan)).toEqual({ create: 4, update: 1, replace: 1, destroy: 0 });
  });

  it('maps plans to exit codes, with and without --detailed-exitcode', () => {
    const make = (name: string) => { const c = CASES[name]!(); return planDeterministically(c.ctx, c.policy).plan; };
    expect(planExitCode(make('compliant-none'), { detailedExitcode: true })).toBe(0);
    expect(planExitCode(make('public-enabled-in-place'), { detailedExitcode: true })).toBe(2);
    expect(planExitCode(make('public-enabled-in-place'), { detailedExitcode: false })).toBe(0);
    expect(planExitCode(make('computes-blocked'), { detailedExitcode: true })).toBe(1);
    expect(planExitCode(make('computes-blocked'), { detailedExitcode: false })).toBe(1);
  });
});
