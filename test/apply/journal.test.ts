import { execFileSync } from 'node:child_process';
import { appendFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../src/apply/contract.js';
import { openJournal, parseJournal, readJournal } from '../../src/apply/journal.js';
import { journalPathFor } from '../../src/apply/plan-paths.js';
import { ToolError, UsageError } from '../../src/errors.js';

const plan = { planId: 'plan-0001', contentHash: 'a'.repeat(64) };
const WS = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws1';
const at = '2026-01-01T00:00:00.000Z';
const run: JournalEntry = { type: 'run', runId: 'r1', mode: 'apply', at, pid: 42, host: 'h' };
const begin = (stepId: string): JournalEntry => ({ type: 'begin', runId: 'r1', mode: 'apply', stepId, workspaceId: WS, at });
const success = (stepId: string, extra: Partial<Extract<JournalEntry, { type: 'success' }>> = {}): JournalEntry => ({
  type: 'success', runId: 'r1', mode: 'apply', stepId, at, created: [], calls: [{ method: 'PATCH', url: `${WS}?api-version=2025-06-01`, status: 200, requestId: 'req-1' }],
  undo: { kind: 'patch', id: WS, apiVersion: '2025-06-01', body: { properties: { publicNetworkAccess: 'Enabled' } } }, ...extra,
});

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aml-journal-'));
  path = journalPathFor(join(dir, 'plans', plan.planId, 'plan.json'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const lines = async () => (await readFile(path, 'utf8')).split('\n');

describe('journal', () => {
  it('is created beside the plan, mode 0600, headed by the plan id and hash; entries round-trip', async () => {
    expect(path).toBe(join(dir, 'plans', plan.planId, 'journal.jsonl'));
    expect(await readJournal(path)).toBeUndefined();
    const j = await openJournal(path, plan);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(j.entries).toEqual([expect.objectContaining({ type: 'header', formatVersion: 1, planId: plan.planId, planHash: plan.contentHash, tool: { name: 'aml-isolate', version: expect.any(String) } })]);
    for (const e of [run, begin('w1.1'), success('w1.1')]) await j.append(e);
    const read = await readJournal(path);
    expect(read).toEqual(j.entries);
    expect(read!.slice(1)).toEqual([run, begin('w1.1'), success('w1.1')]);
    const again = await openJournal(path, plan);
    expect(again.entries).toEqual(read);
    await again.append({ type: 'end', runId: 'r1', mode: 'apply', at, outcome: 'succeeded' });
    expect((await readJournal(path))!.length).toBe(5);
    expect(await lines()).toHaveLength(6); // five lines, each ending in '\n'
  });

  it('an acknowledged append is on disk for another process to read', async () => {
    const j = await openJournal(path, plan);
    await j.append(run);
    const seen = execFileSync(process.execPath, ['-e', `process.stdout.write(require('fs').readFileSync(${JSON.stringify(path)}, 'utf8'))`], { encoding: 'utf8' });
    expect(seen.trimEnd().split('\n').map((l) => JSON.parse(l).type)).toEqual(['header', 'run']);
  });

  it('serialises concurrent appends: whole lines, in call order', async () => {
    const j = await openJournal(path, plan);
    const steps = Array.from({ length: 40 }, (_, i) => `w1.${i + 1}`);
    await Promise.all(steps.map((s) => j.append(begin(s))));
    const read = (await readJournal(path))!;
    expect(read.slice(1).map((e) => (e as { stepId: string }).stepId)).toEqual(steps);
    expect(j.entries.map((e) => e.type)).toEqual(['header', ...steps.map(() => 'begin')]);
  });

  it('ignores a torn last line when reading, and truncates it before the next append', async () => {
    const j = await openJournal(path, plan);
    await j.append(run);
    const good = (await readFile(path)).length;
    const torn = '{"type":"begin","runId":"r1","mo';
    await appendFile(path, torn);
    expect(await readJournal(path)).toHaveLength(2);
    const reopened = await openJournal(path, plan);
    expect(reopened.tailOnOpen).toEqual({ kind: 'torn', offset: good, bytes: torn.length });
    expect((await readFile(path)).length).toBe(good + torn.length); // opening alone writes nothing
    await reopened.append(begin('w1.1'));
    expect(await lines()).toEqual([expect.stringContaining('"header"'), JSON.stringify(run), JSON.stringify(begin('w1.1')), '']);
    expect((await readJournal(path))!.map((e) => e.type)).toEqual(['header', 'run', 'begin']);
  });

  it('treats a zero-filled tail (crash after the size grew) as torn', async () => {
    const j = await openJournal(path, plan);
    await j.append(run);
    await appendFile(path, Buffer.alloc(16));
    const reopened = await openJournal(path, plan);
    expect(reopened.tailOnOpen.kind).toBe('torn');
    await reopened.append(begin('w1.1'));
    expect((await readJournal(path))!.map((e) => e.type)).toEqual(['header', 'run', 'begin']);
  });

  it('keeps a whole last entry that only lacks its newline, and terminates it before the next append', async () => {
    const j = await openJournal(path, plan);
    await j.append(run);
    await appendFile(path, JSON.stringify(begin('w1.1')));
    expect((await readJournal(path))!.map((e) => e.type)).toEqual(['header', 'run', 'begin']);
    const reopened = await openJournal(path, plan);
    expect(reopened.tailOnOpen.kind).toBe('unterminated');
    await reopened.append(success('w1.1'));
    expect((await readJournal(path))!.map((e) => e.type)).toEqual(['header', 'run', 'begin', 'success']);
    expect((await lines()).at(-1)).toBe('');
  });

  it('refuses corruption before the last line, naming the line', async () => {
    const j = await openJournal(path, plan);
    await j.append(run);
    await appendFile(path, 'garbage\n');
    await appendFile(path, `${JSON.stringify(begin('w1.1'))}\n`);
    await expect(readJournal(path)).rejects.toThrow(UsageError);
    await expect(readJournal(path)).rejects.toThrow(/journal\.jsonl is damaged at line 3: not valid JSON\. A journal is written only by apply and rollback/);
    await expect(openJournal(path, plan)).rejects.toThrow(/damaged at line 3/);
  });

  it('refuses a newline-terminated invalid last line (not a torn write) and an invalid entry', async () => {
    const j = await openJournal(path, plan);
    await j.append(run);
    await appendFile(path, '{"type":"begin","runId":"r1"}\n');
    await expect(readJournal(path)).rejects.toThrow(/damaged at line 3: not a valid journal entry \(/);
  });

  it('refuses a journal without a header first, or with two headers', async () => {
    await openJournal(path, plan);
    const header = (await lines())[0]!;
    await writeFile(path, `${JSON.stringify(run)}\n`);
    await expect(readJournal(path)).rejects.toThrow(/line 1: the first line is not the journal header/);
    await writeFile(path, `${header}\n${header}\n`);
    await expect(readJournal(path)).rejects.toThrow(/line 2: a second journal header/);
  });

  it('refuses a journal of another plan, or of another version of this plan, saying which plan it belongs to', async () => {
    await (await openJournal(path, plan)).append(run);
    const other = openJournal(path, { planId: 'plan-0002', contentHash: plan.contentHash });
    await expect(other).rejects.toThrow(UsageError);
    await expect(openJournal(path, { planId: 'plan-0002', contentHash: plan.contentHash })).rejects.toThrow(
      /is the journal of plan plan-0001, not of plan plan-0002: run apply, rollback or status with the plan file beside it \(plans\/plan-0001\/plan\.json\)/,
    );
    await expect(openJournal(path, { planId: plan.planId, contentHash: 'b'.repeat(64) })).rejects.toThrow(
      /written for plan plan-0001 with content hash aaaaaaaaaaaa…, but this plan file has hash bbbbbbbbbbbb…: the plan file was replaced after apply started/,
    );
    expect(await readJournal(path)).toHaveLength(2); // nothing written
  });

  it('checks the header format version first, naming the tool version that wrote it', async () => {
    await mkdir(join(dir, 'plans', plan.planId), { recursive: true });
    await writeFile(path, `${JSON.stringify({ type: 'header', formatVersion: 2, planId: 'p', planHash: 'h', tool: { name: 'aml-isolate', version: '9.0.0' }, createdAt: at, extra: 1 })}\n`);
    await expect(readJournal(path)).rejects.toThrow(/has journal format version 2, written by aml-isolate 9\.0\.0; this aml-isolate .* reads format version 1/);
  });

  it('writes the header into an existing empty journal (crash right after it was created)', async () => {
    await mkdir(join(dir, 'plans', plan.planId), { recursive: true });
    await writeFile(path, '');
    const j = await openJournal(path, plan);
    expect(j.entries.map((e) => e.type)).toEqual(['header']);
    expect((await readJournal(path))!.map((e) => e.type)).toEqual(['header']);
  });

  it('refuses to journal a secret, an invalid entry or a second header, and stays usable', async () => {
    const j = await openJournal(path, plan);
    const leaky = success('w1.1', { undo: { kind: 'put', id: `${WS}/x`, apiVersion: 'v', body: { properties: { connectionString: 'AccountKey=abc' } } } });
    await expect(j.append(leaky)).rejects.toThrow(ToolError);
    await expect(j.append(leaky)).rejects.toThrow(/Refusing to journal an entry with secret-like fields: \$\.undo\.body\.properties\.connectionString/);
    for (const field of ['password', 'clientSecret', 'sasToken', 'primaryKey', 'key']) {
      await expect(j.append(success('w1.1', { undo: { kind: 'patch', id: WS, apiVersion: 'v', body: { [field]: 'x' } } }))).rejects.toThrow(/secret-like/);
    }
    // Not secrets: empty values, key identifiers, ARM ids, tag names.
    await j.append(success('w1.1', { undo: { kind: 'patch', id: WS, apiVersion: 'v', body: { password: '', tags: { apiKey: 'team-a' }, properties: { encryption: { keyVaultProperties: { keyIdentifier: 'https://kv/keys/k', keyVaultArmId: '/subscriptions/s' } } } } } }));
    await expect(j.append({ type: 'begin', runId: 'r1', mode: 'apply', stepId: '', workspaceId: WS, at } as JournalEntry)).rejects.toThrow(/Refusing to journal an invalid begin entry: stepId/);
    await expect(j.append({ ...run, extra: true } as unknown as JournalEntry)).rejects.toThrow(/invalid run entry/);
    await expect(j.append({ type: 'header', formatVersion: 1, planId: 'p', planHash: 'h', tool: { name: 'n', version: 'v' }, createdAt: at })).rejects.toThrow(/header is written only when the journal is created/);
    await j.append(run);
    expect((await readJournal(path))!.map((e) => e.type)).toEqual(['header', 'success', 'run']);
    expect(await readFile(path, 'utf8')).not.toMatch(/AccountKey/);
  });

  it('parseJournal reports the tail it found', () => {
    const header = JSON.stringify({ type: 'header', formatVersion: 1, planId: 'p', planHash: 'h', tool: { name: 'n', version: 'v' }, createdAt: at });
    expect(parseJournal(Buffer.from(`${header}\n`), 'j').tail).toEqual({ kind: 'clean' });
    expect(parseJournal(Buffer.from(''), 'j')).toEqual({ entries: [], tail: { kind: 'clean' } });
    expect(parseJournal(Buffer.from(`${header}\n{"ty`), 'j').tail).toEqual({ kind: 'torn', offset: header.length + 1, bytes: 4 });
    expect(parseJournal(Buffer.from('{"ty'), 'j')).toEqual({ entries: [], tail: { kind: 'torn', offset: 0, bytes: 4 } });
  });
});
