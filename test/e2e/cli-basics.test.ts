import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { runCli } from '../helpers/cli.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

// Logs every module URL the process resolves, so a test can see what --help loads.
const traceLoads =
  'data:text/javascript,' +
  encodeURIComponent(
    `import { register } from 'node:module';
     register('data:text/javascript,' + encodeURIComponent(\`export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write('LOADED ' + r.url + '\\\\n'); return r; }\`));`,
  );

describe('CLI basics (real process)', () => {
  it('--version prints the package version', async () => {
    const result = await runCli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(pkg.version);
  });

  it('--help lists the commands and global options and exits 0', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/audit/);
    expect(result.stdout).toMatch(/emulator/);
    expect(result.stdout).toMatch(/--arm-endpoint/);
  });

  it('--help does not load the Azure SDK', async () => {
    const result = await runCli(['audit', '--help'], { nodeArgs: ['--import', traceLoads] });
    expect(result.code).toBe(0);
    const loaded = result.stderr.split('\n').filter((l) => l.startsWith('LOADED '));
    expect(loaded.some((l) => l.includes('commander'))).toBe(true); // the trace works
    expect(loaded.filter((l) => l.includes('@azure'))).toEqual([]);
  });

  it.each([
    [['audit', '--bogus'], /unknown option '--bogus'/],
    [['audit', '--output', 'xml'], /--output.*xml.*(table|choices)/],
    [['audit', '--concurrency', '0'], /--concurrency takes a whole number from 1 to 512/],
    [['audit', '--arm-endpoint', 'http://example.test'], /must use https/],
    [['nonsense'], /unknown command 'nonsense'/],
  ])('usage error %j: one line on stderr, exit 3, nothing on stdout', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each([
    [['audit', '--subscription', 'not-a-guid', '--emulator'], /is not a subscription id/],
    [['audit', '--resource-group', 'bad/name', '--emulator'], /not a valid resource group name/],
    [['audit', '--credential', 'emulator'], /only for an emulator on loopback/],
  ])('bad value %j: one-line error, exit 3', async (args, message) => {
    const result = await runCli(args);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.code).toBe(3);
  });
});
