import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { startEmulatorProcess, type EmulatorProcess } from '../helpers/emulator-process.js';
import { DEMO } from '../../src/emulator/demo-fleet.js';
import { DEMO_CONTENTS } from '../../src/emulator/demo-contents.js';

const P = DEMO.prod;
const wsId = (name: string) => `/subscriptions/${P.subscriptionId}/resourceGroups/${P.rg}/providers/Microsoft.MachineLearningServices/workspaces/${name}`;

describe('carry-over through the real CLI: plan --carry-over, then apply names the new scoring URIs', () => {
  let emu: EmulatorProcess;
  beforeAll(async () => {
    emu = await startEmulatorProcess();
  });
  afterAll(async () => emu?.stop());

  it('re-creates ws-approved-only with its endpoint copied under a new name (names are unique per region, the source keeps its own); apply prints old → new scoring URI; compare maps the names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aml-carry-e2e-'));
    const cli = (...args: string[]) => runCli([...args, ...emu.cliArgs], { env: emu.cliEnv, cwd: dir });
    const source = wsId(DEMO.workspaces.approvedOnly);
    const target = `${source}-iso`;
    const plan = await cli('plan', source, '--hbi', '--allow-no-inbound', '--carry-over', 'onlineEndpoints=copy');
    expect(plan.code, plan.stderr).toBe(0);
    const [planId] = readdirSync(join(dir, 'plans'));
    // The emulator refuses a second fraud-scoring in eastus: before the rename rule this apply failed (exit 4).
    const applied = await cli('apply', join('plans', planId!, 'plan.json'), '--yes', '--poll-interval-ms', '0');
    expect(applied.code, applied.stderr).toBe(0);
    const copied = `${DEMO_CONTENTS.endpoint}-2`;
    const endpoint = async (id: string, name: string) => (await emu.arm('GET', `${id}/onlineEndpoints/${name}?api-version=2025-06-01`)) as { status: number; body: { properties: { scoringUri: string; traffic: unknown } } };
    const [before, after] = [await endpoint(source, DEMO_CONTENTS.endpoint), await endpoint(target, copied)];
    expect([after.status, after.body.properties.traffic]).toEqual([200, DEMO_CONTENTS.traffic]);
    expect((await endpoint(target, DEMO_CONTENTS.endpoint)).status).toBe(404);
    expect(applied.stderr).toContain(`aml-isolate: endpoint ${DEMO.workspaces.approvedOnly}/fraud-scoring scoring URI: ${before.body.properties.scoringUri} → ${after.body.properties.scoringUri} (${DEMO.workspaces.approvedOnly}-iso/${copied})\n`);
    // compare maps fraud-scoring to fraud-scoring-2 (same region); kinds this plan only listed differ, as they should.
    const compared = await cli('compare', source, target);
    for (const kind of ['onlineEndpoints', 'traffic']) expect(compared.stdout).toMatch(new RegExp(`\\n${kind}\\s+1\\s+1\\s+1\\s+0\\s+0\\n`));
    expect(compared.stdout).toMatch(/\ndeployments\s+2\s+2\s+2\s+0\s+0\n/);
    expect(compared.stdout).not.toMatch(/differs (onlineEndpoints|deployments|traffic)/);
  });
});
