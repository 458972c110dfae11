import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliPath, runCli } from '../helpers/cli.js';
import { TmuxSession } from './tmux.js';

/** The real CLI (`node dist/cli.js guide --emulator`) in a real pseudo-terminal (tmux), in a fresh directory. */
const sessions: TmuxSession[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) s.kill();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function startGuide(): { tmux: TmuxSession; cwd: string } {
  const cwd = mkdtempSync(join(tmpdir(), 'aml-guide-'));
  dirs.push(cwd);
  const tmux = new TmuxSession(cwd);
  sessions.push(tmux);
  tmux.start(`NO_COLOR=1 '${process.execPath}' '${cliPath}' guide --emulator`);
  return { tmux, cwd };
}

const hasApply = existsSync(join(cliPath, '..', 'apply', 'apply-plan.js'));
const planFiles = (cwd: string) => (existsSync(join(cwd, 'plans')) ? readdirSync(join(cwd, 'plans')).filter((d) => !d.startsWith('.')) : []);

describe.skipIf(!existsSync('/usr/bin/tmux'))('guide in a terminal', () => {
  it('from the first question to a saved plan (and, with apply, to a compliant workspace)', async () => {
    const { tmux, cwd } = startGuide();
    await tmux.waitFor(/Subscriptions to audit/);
    tmux.send('Enter');
    await tmux.waitFor(/Non-compliant workspaces to remediate/);
    // Only ws-public-open: untick all, go down to the 4th entry, tick it.
    tmux.send('a');
    await tmux.waitFor(/◯ ws-approved-only/);
    tmux.send('Down', 'Down', 'Down', 'Space');
    await tmux.waitFor(/◉ ws-public-open/);
    tmux.send('Enter');
    let screen = await tmux.waitFor(/Encrypt with a customer-managed key/);
    expect(screen).toMatch(/== ws-public-open[\s\S]*Why it fails:[\s\S]*Proposed: update it in place/);
    for (const question of [/High Business Impact/, /serverless Spark/, /private-endpoint outbound rules/]) {
      tmux.send('Enter');
      await tmux.waitFor(question);
    }
    tmux.send('Enter');
    await tmux.waitFor(/Tag added to every remediated workspace/);
    tmux.send('Enter');
    // ws-public-open has no inbound private endpoint: the guide offers the subnets of its region (issue 10).
    screen = await tmux.waitFor(/How should users keep access\?/);
    expect(screen).toMatch(/create a private endpoint in vnet-eastus\/snet-pe \(eastus\)/);
    tmux.send('Enter');
    screen = await tmux.waitFor(/Save this plan under plans\/\?/);
    expect(screen).toMatch(/strategy: in-place/);
    expect(screen).toMatch(/create-private-endpoint/);
    tmux.send('Enter');
    screen = await tmux.waitFor(/Plan saved to plans\/[0-9a-f-]+\/plan\.json/);
    expect(planFiles(cwd)).toHaveLength(1);
    if (!hasApply) {
      expect(await tmux.exitCode()).toBe(0);
      return;
    }
    await tmux.waitFor(/Apply the plan now\?/);
    tmux.send('y', 'Enter');
    screen = await tmux.waitFor(/Roll back with: aml-isolate rollback plans\/[0-9a-f-]+\/plan\.json/, 60_000);
    expect(screen).toMatch(/ws-public-open is now compliant with MachineLearning-005/);
    expect(await tmux.exitCode()).toBe(0);
    const audit = await runCli(['audit', '--emulator', '-o', 'json'], { cwd });
    const report = JSON.parse(audit.stdout) as { workspaces: { name: string; compliant: boolean }[] };
    expect(report.workspaces.find((w) => w.name === 'ws-public-open')?.compliant).toBe(true);
  }, 120_000);

  it('Ctrl-C in the middle: exit 130, one line, no plan file', async () => {
    const { tmux, cwd } = startGuide();
    await tmux.waitFor(/Subscriptions to audit/);
    tmux.send('Enter');
    await tmux.waitFor(/Non-compliant workspaces to remediate/);
    tmux.send('Enter');
    await tmux.waitFor(/Encrypt with a customer-managed key/);
    tmux.send('C-c');
    expect(await tmux.exitCode()).toBe(130);
    expect(tmux.screen()).toMatch(/aml-isolate: guide cancelled; nothing was saved\n/);
    expect(planFiles(cwd)).toEqual([]);
  }, 60_000);

  it('Esc at a prompt cancels too', async () => {
    const { tmux, cwd } = startGuide();
    await tmux.waitFor(/Subscriptions to audit/);
    tmux.send('Escape');
    expect(await tmux.exitCode()).toBe(130);
    expect(tmux.screen()).toMatch(/guide cancelled; nothing was saved/);
    expect(planFiles(cwd)).toEqual([]);
  }, 60_000);
});

describe('guide without a terminal', () => {
  it('refuses in one line with exit code 3, pointing to plan and apply', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'aml-guide-'));
    dirs.push(cwd);
    const result = await runCli(['guide', '--emulator'], { cwd });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^aml-isolate: guide is interactive and needs a terminal.*aml-isolate plan.*aml-isolate apply PLAN.*\n$/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(cwd, '.aml-isolate'))).toBe(false);
  });
});
