import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeConfigFile } from '../../src/config/write-workspace-yaml.js';
import { UsageError } from '../../src/errors.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aml-isolate-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeConfigFile', () => {
  it('writes a new file and leaves no temp file', async () => {
    const path = join(dir, 'workspace-config.yml');
    await writeConfigFile(path, 'name: a\n');
    expect(readFileSync(path, 'utf8')).toBe('name: a\n');
    expect(readdirSync(dir)).toEqual(['workspace-config.yml']);
  });

  it('refuses to overwrite an existing file without force, leaving it and no temp file', async () => {
    const path = join(dir, 'workspace-config.yml');
    writeFileSync(path, 'name: old\n');
    const attempt = writeConfigFile(path, 'name: new\n');
    await expect(attempt).rejects.toBeInstanceOf(UsageError);
    await expect(writeConfigFile(path, 'name: new\n')).rejects.toThrow(`${path} already exists; use --force to overwrite it, or write to another path.`);
    expect(readFileSync(path, 'utf8')).toBe('name: old\n');
    expect(readdirSync(dir)).toEqual(['workspace-config.yml']);
  });

  it('overwrites with force, leaving no temp file', async () => {
    const path = join(dir, 'workspace-config.yml');
    writeFileSync(path, 'name: old\n');
    await writeConfigFile(path, 'name: new\n', { force: true });
    expect(readFileSync(path, 'utf8')).toBe('name: new\n');
    expect(readdirSync(dir)).toEqual(['workspace-config.yml']);
  });

  it('fails on a missing folder without creating anything', async () => {
    await expect(writeConfigFile(join(dir, 'missing', 'w.yml'), 'x\n')).rejects.toMatchObject({ exitCode: 3, message: expect.stringMatching(/the folder .*missing does not exist/) });
    expect(readdirSync(dir)).toEqual([]);
  });
});
