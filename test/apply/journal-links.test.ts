import { mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openJournal, readJournal } from '../../src/apply/journal.js';
import { ToolError, UsageError } from '../../src/errors.js';
import { ExitCode } from '../../src/exit-codes.js';
import { parsePlanText } from '../../src/plan/index.js';
import { readFileSync } from 'node:fs';
import { repoRoot } from '../helpers/cli.js';

const plan = { planId: 'plan-1', contentHash: 'abc' };

/** Issue 14, reproductions 4 (plan id) and 5 (journal through a link). */
describe('the journal is never followed through a link', () => {
  it('a journal that is a symbolic link is refused (exit 7) and its target is not written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aml-journal-link-'));
    const target = join(dir, 'someone-elses-file');
    await writeFile(target, 'precious\n');
    await symlink(target, join(dir, 'journal.jsonl'));
    const error = await openJournal(join(dir, 'journal.jsonl'), plan).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolError);
    expect((error as ToolError).exitCode).toBe(ExitCode.locked);
    expect((error as Error).message).toMatch(/symbolic link/);
    expect(await readFile(target, 'utf8')).toBe('precious\n');
    await expect(readJournal(join(dir, 'journal.jsonl'))).rejects.toMatchObject({ exitCode: ExitCode.locked });
  });

  it('a dangling link is the same clear refusal, not an internal error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aml-journal-link-'));
    await symlink(join(dir, 'nowhere', 'x'), join(dir, 'journal.jsonl'));
    await expect(openJournal(join(dir, 'journal.jsonl'), plan)).rejects.toMatchObject({ exitCode: ExitCode.locked });
  });

  it('a new journal is created 0600', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aml-journal-mode-'));
    await openJournal(join(dir, 'journal.jsonl'), plan);
    const { stat } = await import('node:fs/promises');
    expect((await stat(join(dir, 'journal.jsonl'))).mode & 0o777).toBe(0o600);
  });
});

describe('plan ids', () => {
  it('a plan whose id would lead a path out of plans/ is refused when read', () => {
    const text = readFileSync(join(repoRoot, 'plans/example/default/plan.json'), 'utf8');
    const forged = JSON.stringify({ ...JSON.parse(text), planId: '../../..' });
    expect(() => parsePlanText(forged, 'forged.json')).toThrow(UsageError);
    expect(() => parsePlanText(forged, 'forged.json')).toThrow(/planId/);
  });
});
