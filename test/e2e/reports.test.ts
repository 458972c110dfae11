import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { startEmulatorProcess, type EmulatorProcess } from '../helpers/emulator-process.js';

const multitool = createRequire(import.meta.url)('@microsoft/sarif-multitool-linux') as string;

/** The package marks its binary executable in a postinstall script, which npm may be configured not to run. */
function ensureExecutable(path: string): void {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    chmodSync(path, 0o755);
  }
}

interface SarifResult {
  ruleId: string;
  level: string;
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } }; logicalLocations: { fullyQualifiedName: string }[] }[];
  partialFingerprints: Record<string, string>;
  message: { text: string };
}

describe('reports: SARIF, yaml/tsv/none, --query, --output-file, names (real CLI process, emulator over HTTPS)', () => {
  let emu: EmulatorProcess;
  let dir: string;
  // The demo workspaces have no inbound private endpoint: these tests acknowledge it (test/e2e/inbound.test.ts covers the modes).
  const cli = (...args: string[]) => runCli([...args, ...(['plan', 'config'].includes(args[0]!) && !args.includes('--plan') ? ['--allow-no-inbound'] : []), ...emu.cliArgs], { env: emu.cliEnv, cwd: dir });

  beforeAll(async () => {
    emu = await startEmulatorProcess();
    await emu.admin('POST', '/_emulator/reset?seed=demo');
    dir = mkdtempSync(join(tmpdir(), 'aml-reports-'));
  });
  afterAll(async () => {
    expect(await emu.stop()).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('-o sarif --output-file: passes the SARIF Multitool validator, and every result points into the JSON report beside it', async () => {
    const result = await cli('audit', '-o', 'sarif', '--output-file', 'scan/audit.sarif');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('scan/audit.json');
    const sarifText = readFileSync(join(dir, 'scan/audit.sarif'), 'utf8');
    const jsonLines = readFileSync(join(dir, 'scan/audit.json'), 'utf8').split('\n');
    const log = JSON.parse(sarifText) as { runs: { results: SarifResult[]; automationDetails: { id: string } }[] };
    const results = log.runs[0]!.results;
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) {
      const { artifactLocation, region } = r.locations[0]!.physicalLocation;
      expect(artifactLocation.uri).toBe('scan/audit.json');
      expect(jsonLines[region.startLine]).toContain(JSON.stringify(r.locations[0]!.logicalLocations[0]!.fullyQualifiedName));
    }
    // No temporary file is left beside the outputs.
    expect(readdirSync(join(dir, 'scan')).sort()).toEqual(['audit.json', 'audit.sarif']);

    const validated = join(dir, 'validation.sarif');
    ensureExecutable(multitool);
    await promisify(execFile)(multitool, ['validate', join(dir, 'scan/audit.sarif'), '-o', validated, '--log', 'ForceOverwrite'], { timeout: 120_000 });
    const findings = (JSON.parse(readFileSync(validated, 'utf8')) as { runs: { results?: { level?: string; ruleId: string; message: { text?: string } }[] }[] }).runs[0]!.results ?? [];
    expect(findings.filter((f) => (f.level ?? 'warning') === 'error')).toEqual([]);
    expect(findings.map((f) => `${f.ruleId}: ${f.message.text ?? ''}`)).toEqual([]);
  }, 180_000);

  it('fingerprints and the automation category stay the same across runs of the same scope', async () => {
    const run = async () => JSON.parse((await cli('audit', '-o', 'sarif', '--sarif-artifact', 'again.json')).stdout) as { runs: { results: SarifResult[]; automationDetails: { id: string } }[] };
    const [a, b] = [await run(), await run()];
    const prints = (log: typeof a) => log.runs[0]!.results.map((r) => r.partialFingerprints);
    expect(prints(b)).toEqual(prints(a));
    const category = (log: typeof a) => log.runs[0]!.automationDetails.id.replace(/\/[^/]*$/, '');
    expect(category(b)).toBe(category(a));
    expect(existsSync(join(dir, 'again.json'))).toBe(true);
  });

  it('-o yaml and -o json carry the same field names and values; tsv has one row per check; none prints nothing', async () => {
    const json = JSON.parse((await cli('audit', '-o', 'json')).stdout) as { generatedAt: string; workspaces: { id: string; checks: unknown[] }[] };
    const yamlRun = await cli('audit', '-o', 'yaml');
    expect(yamlRun.code).toBe(1);
    const yaml = parseYaml(yamlRun.stdout) as typeof json;
    expect({ ...yaml, generatedAt: '' }).toEqual({ ...json, generatedAt: '' });
    const tsv = (await cli('audit', '-o', 'tsv')).stdout.replace(/\n$/, '').split('\n');
    expect(tsv).toHaveLength(json.workspaces.reduce((n, w) => n + w.checks.length, 0));
    expect(new Set(tsv.map((row) => row.split('\t').length)).size).toBe(1);
    expect(tsv[0]!.split('\t')[0]).toBe(json.workspaces[0]!.id);
    const none = await cli('audit', '-o', 'none');
    expect(none).toMatchObject({ code: 1, stdout: '' });
  });

  it('--query (JMESPath) shapes json, yaml and tsv alike', async () => {
    const query = 'workspaces[?compliant==`false`].{name: name, group: resourceGroup}';
    const json = JSON.parse((await cli('audit', '-o', 'json', '--query', query)).stdout) as { name: string; group: string }[];
    expect(json.length).toBeGreaterThan(1);
    expect(json.every((w) => Object.keys(w).join() === 'name,group')).toBe(true);
    expect(parseYaml((await cli('audit', '-o', 'yaml', '--query', query)).stdout)).toEqual(json);
    expect((await cli('audit', '-o', 'tsv', '--query', query)).stdout).toBe(json.map((w) => `${w.name}\t${w.group}\n`).join(''));
  });

  it.each([
    [['audit', '-o', 'json', '--query', 'workspaces[?compliant==`false`'], /--query: invalid JMESPath at column 31/],
    [['audit', '-o', 'json', '--query', 'a ~ b'], /column 3: unknown character/],
    [['audit', '-o', 'table', '--query', 'workspaces'], /--query applies to -o json, yaml, tsv, sarif/],
    [['status', 'missing.json', '--query', 'workspaces'], /needs -o json/],
  ])('bad --query %j: one line, exit 3, nothing on stdout', async (args, message) => {
    const result = await cli(...args);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });

  it('--query and --output-file work on other JSON commands; a failed command leaves no file', async () => {
    const plan = await cli('plan', 'ws-public-open', '--out-dir', 'plans', '-o', 'json', '--query', 'workspaces[0].sourceId');
    expect(plan.code).toBe(0);
    expect(JSON.parse(plan.stdout)).toMatch(/\/workspaces\/ws-public-open$/);
    const planFile = join('plans', readdirSync(join(dir, 'plans'))[0]!, 'plan.json');
    const shown = await cli('show', planFile, '-o', 'json', '--query', 'length(workspaces[0].steps)', '--output-file', 'steps.json');
    expect(shown).toMatchObject({ code: 0, stdout: '' });
    expect(JSON.parse(readFileSync(join(dir, 'steps.json'), 'utf8'))).toBeGreaterThan(0);
    const failed = await cli('show', 'no-such-plan.json', '-o', 'json', '--output-file', 'never.json');
    expect(failed.code).toBe(3);
    expect(existsSync(join(dir, 'never.json'))).toBe(false);
    const html = await cli('show', planFile, '-o', 'html');
    expect(html.stdout).toMatch(/^<!doctype html>/);
    expect(html.stdout).toContain('irreversible');
  });

  it('workspaces by name: a bare unique name, -n with -g, and an unknown name (exit 3)', async () => {
    const bare = await cli('config', 'ws-public-open', '--out', '-');
    expect(bare.code).toBe(0);
    expect(bare.stdout).toMatch(/name: ws-public-open/);
    const named = await cli('config', '-n', 'ws-public-open', '-g', 'rg-ml-prod', '--out', '-');
    expect(named.stdout).toBe(bare.stdout);
    const unknown = await cli('config', '-n', 'ws-public-open', '-g', 'rg-elsewhere', '--out', '-');
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/No workspace named "ws-public-open" in resource group rg-elsewhere/);
  });

  it('report --audit writes one HTML page from a saved audit report', async () => {
    await cli('audit', '-o', 'json', '--output-file', 'audit.json');
    const result = await cli('report', '--audit', 'audit.json', '--output-file', 'report.html');
    expect(result.code).toBe(0);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    for (const name of ['ws-public-open', 'ws-compliant', 'ML005-managed-network-isolation']) expect(html).toContain(name);
    const bad = await cli('report', '--audit', 'steps.json');
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/is not an audit report/);
  });
});
