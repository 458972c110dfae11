// Chaos soak (issue 14), on demand: `npm run soak` (SOAK_CYCLES=200 by default, SOAK_SEED for a repeatable run).
// Each cycle, against a real emulator process and the built CLI: reset the demo fleet, plan one workspace (in place or
// re-created, the source kept or retired), inject random faults (500s, 429s, a failed long-running operation), run
// apply and kill -9 it at a random moment (or let it finish), resume until it succeeds, then roll back or not.
// After each run it checks that no workspace was lost (the source, or its verified replacement, exists), and at the
// end of the cycle that the state equals the fault-free one: applied = compliant; rolled back = as before apply
// (except what is documented irreversible, and a replacement kept because its source was retired).
// Prints its figures; exits 1 on any loss or mismatch. Sends traffic to 127.0.0.1 only.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const cycles = Number(process.env.SOAK_CYCLES ?? 200);
let seed = Number(process.env.SOAK_SEED ?? Date.now() % 1e9);
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (items) => items[Math.floor(random() * items.length)];

const work = mkdtempSync(join(tmpdir(), 'aml-soak-'));
const emu = spawn(process.execPath, [cli, 'emulator', 'serve', '--port', '0', '--state', join(work, 'state.json'), '--lro-duration-ms', '150'], { stdio: ['ignore', 'pipe', 'inherit'] });
const info = {};
await new Promise((resolve, reject) => {
  createInterface({ input: emu.stdout }).on('line', (line) => {
    const [k, ...rest] = line.split(' ');
    info[k] = rest.join(' ');
    if (info.endpoint && info['ca-file']) resolve();
  });
  emu.once('exit', (code) => reject(new Error(`emulator exited ${code}`)));
});
const ca = readFileSync(info['ca-file'], 'utf8');
const call = (method, path, body) =>
  new Promise((resolve, reject) => {
    const req = request(`${info.endpoint}${path}`, { method, ca, headers: { authorization: 'Bearer soak', 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode, body: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
const env = { ...process.env, NODE_EXTRA_CA_CERTS: info['ca-file'], NO_COLOR: '1', AML_ISOLATE_LOCK_DIR: join(work, 'locks') };
const target = ['--arm-endpoint', info.endpoint, '--credential', 'emulator'];
function run(args, cwd, killAfterMs) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args, ...target], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}

const SUB = '1d6c3f8a-2b4e-4c1a-9d0e-5f7a8b9c0d11'; // DEMO.prod
const wsId = (name) => `/subscriptions/${SUB}/resourceGroups/rg-ml-prod/providers/Microsoft.MachineLearningServices/workspaces/${name}`;
const API = '?api-version=2025-06-01';
const read = async (id) => {
  const r = await call('GET', `${id}${API}`);
  return r.status === 200 ? r.body : null;
};
const compliant = (ws) => ws?.properties?.publicNetworkAccess === 'Disabled' && ws?.properties?.managedNetwork?.isolationMode === 'AllowInternetOutbound';

const figures = { cycles: 0, kills: 0, faultsInjected: 0, resumes: 0, rollbacks: 0, refusedRollbacks: 0, losses: 0, mismatches: 0 };
const problems = [];
const started = Date.now();
for (let cycle = 1; cycle <= cycles; cycle++) {
  await call('POST', '/_emulator/reset?seed=demo');
  const scenario = pick([
    { name: 'ws-public-internet-outbound', flags: [] },
    { name: 'ws-approved-only', flags: [] },
    { name: 'ws-approved-only', flags: ['--retire-source', 'soft-delete'] },
  ]);
  const source = wsId(scenario.name);
  const before = await read(source);
  const faults = [];
  if (random() < 0.5) faults.push({ match: pick(['PATCH /subscriptions', 'PUT /subscriptions', 'POST /subscriptions']), kind: 'status', status: pick([500, 429]), times: 1 });
  if (random() < 0.3) faults.push({ match: 'provisionManagedNetwork', kind: 'lro-failure', code: 'ManagedNetworkProvisioningFailed', message: 'soak', times: 1 });
  if (random() < 0.2) faults.push({ match: `DELETE ${source}`, kind: 'status', status: 409, times: 1 });
  figures.faultsInjected += faults.length;
  const dir = mkdtempSync(join(work, `c${cycle}-`));
  const planned = await run(['plan', source, '--allow-no-inbound', ...scenario.flags], dir);
  if (planned.code !== 0) {
    problems.push(`cycle ${cycle}: plan exited ${planned.code}: ${planned.stderr.trim().split('\n').pop()}`);
    continue;
  }
  const planPath = join('plans', readdirSync(join(dir, 'plans'))[0], 'plan.json');
  const plan = JSON.parse(readFileSync(join(dir, planPath), 'utf8'));
  const verifyTarget = plan.workspaces[0].steps.find((s) => s.kind === 'verify-compliance').target;
  await call('POST', '/_emulator/config', { faults });
  const kill = random() < 0.7 ? Math.floor(random() * 2500) : undefined;
  const first = await run(['apply', planPath, '--yes', '--poll-interval-ms', '0', '--max-retries', '1'], dir, kill);
  if (first.signal === 'SIGKILL') figures.kills++;
  await call('POST', '/_emulator/config', { faults: [] });
  const noLoss = async (when) => {
    const [src, rep] = [await read(source), verifyTarget === source ? null : await read(verifyTarget)];
    if (!src && !(rep && compliant(rep))) {
      figures.losses++;
      problems.push(`cycle ${cycle} ${when}: LOST: neither ${scenario.name} nor a compliant replacement exists`);
    }
  };
  await noLoss('after the first apply');
  let applied = first.code === 0;
  for (let attempt = 0; attempt < 4 && !applied; attempt++) {
    figures.resumes++;
    const r = await run(['apply', planPath, '--yes', '--poll-interval-ms', '0'], dir);
    applied = r.code === 0 || /already applied/.test(r.stderr);
    await noLoss(`after resume ${attempt + 1}`);
  }
  if (!applied) {
    figures.mismatches++;
    problems.push(`cycle ${cycle}: apply did not converge`);
    continue;
  }
  if (!compliant(await read(verifyTarget))) {
    figures.mismatches++;
    problems.push(`cycle ${cycle}: applied but ${verifyTarget.split('/').pop()} is not compliant`);
  }
  figures.cycles++;
  if (random() < 0.5) continue;
  figures.rollbacks++;
  const rolled = await run(['rollback', planPath, '--yes', '--poll-interval-ms', '0'], dir);
  await noLoss('after rollback');
  const retired = scenario.flags.includes('soft-delete');
  if (retired) {
    if (rolled.code !== 7) problems.push(`cycle ${cycle}: rollback after a retire exited ${rolled.code}, not 7`);
    else figures.refusedRollbacks++;
  } else if (rolled.code !== 0) {
    figures.mismatches++;
    problems.push(`cycle ${cycle}: rollback exited ${rolled.code}: ${rolled.stderr.trim().split('\n').pop()}`);
  } else if ((await read(source))?.properties?.publicNetworkAccess !== before?.properties?.publicNetworkAccess) {
    figures.mismatches++;
    problems.push(`cycle ${cycle}: rollback did not restore publicNetworkAccess of ${scenario.name}`);
  }
}
emu.kill('SIGINT');
const seconds = (Date.now() - started) / 1000;
console.log(JSON.stringify({ ...figures, requestedCycles: cycles, seconds: Math.round(seconds), seed: Number(process.env.SOAK_SEED ?? 0) || undefined }, null, 2));
for (const p of problems.slice(0, 20)) console.log(p);
process.exit(figures.losses > 0 || figures.mismatches > 0 || problems.length > 0 ? 1 : 0);
