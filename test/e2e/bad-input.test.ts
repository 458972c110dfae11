import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/**
 * Issue 14, item 6: each bad input gets one line, a usage exit code (3), bounded work, no file content echoed and
 * nothing created outside the paths the user named. Each of these was exit 2 ("internal error"), took gigabytes or
 * minutes, quoted a file, or created folders before the fix.
 */
describe('bad input of every kind: one line, exit 3', () => {
  let dir: string;
  const cli = (...args: string[]) => runCli(args, { cwd: dir, timeoutMs: 120_000 });
  const lines = (text: string) => text.trim().split('\n').filter((l) => !/^aml-isolate: (reading|warning)/.test(l));

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'aml-bad-input-'));
    // "Billion laughs": nine levels of nine aliases.
    let bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n';
    for (let i = 0, prev = 'a'; i < 8; i++) {
      const name = String.fromCharCode(98 + i);
      bomb += `${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]\n`;
      prev = name;
    }
    writeFileSync(join(dir, 'bomb.yml'), bomb);
    writeFileSync(join(dir, 'huge.yml'), `tag: ${'x'.repeat(50 * 1024 * 1024)}\n`);
    writeFileSync(join(dir, 'a-file'), 'not a folder');
    writeFileSync(join(dir, 'secrets.txt'), 'root:x:0:0:SECRET-VALUE:/root:/bin/bash\n');
  });

  it('a YAML alias bomb in a policy', async () => {
    const r = await cli('plan', '--emulator', '--policy', 'bomb.yml');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/cannot be expanded/);
  });

  it('a 50 MB policy is refused by its size before it is read', async () => {
    const r = await cli('plan', '--emulator', '--policy', 'huge.yml');
    expect(r.code).toBe(3);
    expect(lines(r.stderr)).toEqual([expect.stringMatching(/huge\.yml is 50 MiB, more than the 1 MiB/)]);
  });

  it('--out-dir naming a file', async () => {
    const r = await cli('plan', '--emulator', '--allow-no-inbound', '--skip-blocked', '--out-dir', 'a-file');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/is a file, not a folder/);
  });

  it('config --out into a missing folder names the folder, not a temp file, and creates nothing', async () => {
    const r = await cli('config', 'ws-public-open', '--emulator', '--allow-no-inbound', '--out', join('missing', 'x.yml'));
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/the folder missing does not exist/);
    expect(r.stderr).not.toMatch(/\.tmp/);
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });

  it('a file that is not a plan: the error does not quote its content', async () => {
    const r = await cli('show', 'secrets.txt');
    expect(r.code).toBe(3);
    expect(r.stderr).not.toMatch(/SECRET-VALUE|root:x/);
  });

  it('--arm-endpoint with an IPv6 literal is refused at once', async () => {
    const r = await cli('audit', '--arm-endpoint', 'https://[::1]:1', '--credential', 'cli');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/IPv6 address/);
  });

  it('--emulator-state in a folder that does not exist creates nothing', async () => {
    const r = await cli('audit', '--emulator', '--emulator-state', join(dir, 'nope', 'deeper', 's.json'));
    expect(r.code).toBe(3);
    expect(existsSync(join(dir, 'nope'))).toBe(false);
  });
});
