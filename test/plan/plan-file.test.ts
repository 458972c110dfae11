import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPlanFile, writePlanFile } from '../../src/plan/plan-store.js';
import { planDeterministically } from '../../src/plan/example-plan.js';
import { findSecretFields } from '../../src/plan/scrub.js';
import { computeContentHash } from '../../src/plan/canonical-json.js';
import type { Plan } from '../../src/plan/plan.js';
import { UsageError, ToolError } from '../../src/errors.js';
import { toolVersion } from '../../src/version.js';
import { aContext, anObservedWorkspace, aPolicy } from './builders.js';
import { CASES } from './cases.js';

const dir = () => mkdtempSync(join(tmpdir(), 'plan-file-'));

function aPlan(): Plan {
  const { ctx, policy } = CASES['approved-outbound-recreate']!();
  return planDeterministically(ctx, policy).plan;
}

describe('plan file', () => {
  it('round-trips a plan, written with mode 0600 and no temp file left', async () => {
    const d = dir();
    const path = join(d, 'plans', 'p.json');
    const plan = aPlan();
    await writePlanFile(path, plan);
    expect(await readPlanFile(path)).toEqual(plan);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(d, 'plans'))).toEqual(['p.json']);
  });

  it('leaves the previous file intact and no temp file when a write fails', async () => {
    const d = dir();
    const path = join(d, 'p.json');
    await writePlanFile(path, aPlan());
    const before = readFileSync(path, 'utf8');
    const other = planDeterministically(aContext({ workspaces: [anObservedWorkspace({ properties: { publicNetworkAccess: 'Enabled' } })] }), aPolicy()).plan;
    await expect(writePlanFile(path, other, { write: async (h, text) => { await h.writeFile(text.slice(0, 10)); throw new Error('disk full'); } })).rejects.toThrow('disk full');
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(readdirSync(d)).toEqual(['p.json']);
  });

  it('checks formatVersion before anything else, naming the writer and the supported versions', async () => {
    const path = join(dir(), 'future.json');
    writeFileSync(path, JSON.stringify({ formatVersion: 99, tool: { name: 'aml-isolate', version: '7.0.0' }, workspaces: 'garbage', contentHash: 'nope' }));
    const error = await readPlanFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain('plan format version 99, written by aml-isolate 7.0.0');
    expect((error as Error).message).toContain(`this aml-isolate ${toolVersion} reads format version 1`);
    // Even when the rest of the file is not JSON at all.
    writeFileSync(path, '{"formatVersion": 99, "tool": {"name": "aml-isolate", "version": "7.0.0"}, garbage');
    await expect(readPlanFile(path)).rejects.toThrow(/format version 99, written by aml-isolate 7\.0\.0/);
  });

  it('rejects a file that fails the schema, listing where', async () => {
    const path = join(dir(), 'bad.json');
    const plan = aPlan() as unknown as Record<string, unknown>;
    writeFileSync(path, JSON.stringify({ ...plan, planId: '', workspaces: [{ sourceId: 1 }] }));
    await expect(readPlanFile(path)).rejects.toThrow(/not a valid plan[\s\S]*planId/);
  });

  it('detects tampering through the content hash', async () => {
    const path = join(dir(), 'p.json');
    await writePlanFile(path, aPlan());
    const edited = readFileSync(path, 'utf8').replace('"retireSource": "soft-delete"', '"retireSource": "purge"');
    expect(edited).not.toBe(readFileSync(path, 'utf8'));
    writeFileSync(path, edited);
    await expect(readPlanFile(path)).rejects.toThrow(/modified after it was written/);
  });

  it('never carries a secret: credentials in what was read are scrubbed, and the writer refuses secret-like fields', async () => {
    const ws = anObservedWorkspace({ properties: { publicNetworkAccess: 'Enabled' } });
    const dsId = `${ws.workspace.id}/datastores/sales`;
    ws.fingerprints[dsId.toLowerCase()] = { id: dsId, kind: 'sha256', value: 'abc', normalised: { properties: { credentials: { credentialsType: 'AccountKey', secrets: { key: 'S3CR3T-ACCOUNT-KEY' } }, accountName: 'sales' } } };
    ws.diagnosticSettings.push({ id: 'd', name: 'd', body: { properties: { storageAccountId: 'x', sasToken: 'S3CR3T-SAS' } } });
    const { plan } = planDeterministically(aContext({ workspaces: [ws] }), aPolicy());
    const text = JSON.stringify(plan);
    expect(text).not.toContain('S3CR3T');
    expect(findSecretFields(plan)).toEqual([]);
    const path = join(dir(), 'p.json');
    await writePlanFile(path, plan);
    expect(findSecretFields(JSON.parse(readFileSync(path, 'utf8')))).toEqual([]);

    const leaky = structuredClone(plan) as Plan & { basis: Record<string, { normalised?: unknown }> };
    Object.values(leaky.basis)[0]!.normalised = { clientSecret: 'oops' };
    const rehashed = { ...leaky, contentHash: computeContentHash(leaky as unknown as Record<string, unknown>) } as Plan;
    await expect(writePlanFile(join(dir(), 'leak.json'), rehashed)).rejects.toThrow(ToolError);
  });
});
