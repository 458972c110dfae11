import { chmod, copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSigningKey, signaturePathFor, signPlan, verifyPlanSignature } from '../../src/apply/plan-signature.js';
import { ExitCode } from '../../src/exit-codes.js';
import { computeContentHash } from '../../src/plan/canonical-json.js';
import { readPlanFile } from '../../src/plan/index.js';

async function setUp() {
  const root = await mkdtemp(join(tmpdir(), 'aml-sign-'));
  const plansDir = join(root, 'plans');
  const planPath = join(plansDir, 'p1', 'plan.json');
  await mkdir(join(plansDir, 'p1'), { recursive: true });
  await copyFile('plans/example/default/plan.json', planPath);
  const keyPath = join(root, 'signing.key');
  await writeFile(keyPath, 'a'.repeat(20) + 'b'.repeat(20), { mode: 0o600 });
  return { root, plansDir, planPath, keyPath };
}

describe('signed plans', () => {
  it('a signed plan verifies; the same plan edited with its content hash recomputed (issue 14, reproduction 4) does not', async () => {
    const { plansDir, planPath, keyPath } = await setUp();
    const key = await readSigningKey(keyPath, plansDir);
    const plan = await readPlanFile(planPath);
    await signPlan(planPath, plan, key);
    await expect(verifyPlanSignature(planPath, plan, key)).resolves.toBeUndefined();
    expect(await readFile(signaturePathFor(planPath), 'utf8')).not.toContain('a'.repeat(20)); // the key never lands beside the plan

    // The attack the content hash cannot stop: point a step at another workspace, recompute the hash with the tool's own function.
    const raw = JSON.parse(await readFile(planPath, 'utf8')) as Record<string, any>;
    raw.workspaces[0].steps[0].request.path = raw.workspaces[0].steps[0].request.path.replace(/workspaces\/[^/]+/, 'workspaces/someone-elses');
    const { contentHash: _old, ...body } = raw;
    await writeFile(planPath, JSON.stringify({ ...body, contentHash: computeContentHash(body) }, null, 2));
    const forged = await readPlanFile(planPath); // the hash agrees: readPlanFile alone accepts it
    await expect(verifyPlanSignature(planPath, forged, key)).rejects.toMatchObject({ exitCode: ExitCode.locked, message: expect.stringMatching(/changed after it was signed/) });
  });

  it('refuses an unsigned plan, a signature made with another key, and a damaged signature file, each in one line', async () => {
    const { root, plansDir, planPath, keyPath } = await setUp();
    const key = await readSigningKey(keyPath, plansDir);
    const plan = await readPlanFile(planPath);
    await expect(verifyPlanSignature(planPath, plan, key)).rejects.toThrow(/is not signed/);
    const otherPath = join(root, 'other.key');
    await writeFile(otherPath, 'z'.repeat(40), { mode: 0o600 });
    await signPlan(planPath, plan, await readSigningKey(otherPath, plansDir));
    await expect(verifyPlanSignature(planPath, plan, key)).rejects.toThrow(/signed with another key/);
    await writeFile(signaturePathFor(planPath), '{"format": ');
    await expect(verifyPlanSignature(planPath, plan, key)).rejects.toThrow(/is not a plan signature/);
  });

  it('refuses a key inside the plans folder, readable by others, or too short (usage, exit 3)', async () => {
    const { plansDir, keyPath } = await setUp();
    const inside = join(plansDir, 'signing.key');
    await writeFile(inside, 'k'.repeat(40), { mode: 0o600 });
    await expect(readSigningKey(inside, plansDir)).rejects.toMatchObject({ exitCode: ExitCode.usage, message: expect.stringMatching(/inside the plans folder/) });
    await chmod(keyPath, 0o644);
    await expect(readSigningKey(keyPath, plansDir)).rejects.toThrow(/chmod 600/);
    await writeFile(keyPath, 'short', { mode: 0o600 });
    await chmod(keyPath, 0o600);
    await expect(readSigningKey(keyPath, plansDir)).rejects.toThrow(/at least 32/);
  });
});
