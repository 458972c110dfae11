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

  it('apply prints fraud-scoring\'s old → new scoring URI, both as the emulator serves them now', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aml-carry-e2e-'));
    const cli = (...args: string[]) => runCli([...args, ...emu.cliArgs], { env: emu.cliEnv, cwd: dir });
    const source = wsId(DEMO.workspaces.approvedOnly);
    const plan = await cli('plan', source, '--hbi', '--allow-no-inbound', '--carry-over', 'onlineEndpoints=copy');
    expect(plan.code, plan.stderr).toBe(0);
    const [planId] = readdirSync(join(dir, 'plans'));
    const applied = await cli('apply', join('plans', planId!, 'plan.json'), '--yes', '--poll-interval-ms', '0');
    expect(applied.code, applied.stderr).toBe(0);
    const uri = async (id: string) => ((await emu.arm('GET', `${id}/onlineEndpoints/${DEMO_CONTENTS.endpoint}?api-version=2025-06-01`)).body as { properties: { scoringUri: string } }).properties.scoringUri;
    const [before, after] = [await uri(source), await uri(`${source}-iso`)];
    expect(applied.stderr).toContain(`aml-isolate: endpoint ${DEMO.workspaces.approvedOnly}/fraud-scoring scoring URI: ${before} → ${after} (${DEMO.workspaces.approvedOnly}-iso)\n`);
  });
});
