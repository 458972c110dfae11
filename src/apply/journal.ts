import { constants as fsConstants } from 'node:fs';
import { lstat, mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { syncDirectory } from '../atomic-write.js';
import { ToolError, UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { findSecretFields } from '../plan/scrub.js';
import { toolName, toolVersion } from '../version.js';
import type { Journal, JournalEntry, Plan } from './contract.js';

/**
 * The journal: append-only JSONL beside the plan (plans/<plan-id>/journal.jsonl), headed by one `header` line that ties
 * it to exactly one plan (planId + contentHash). Every append is written and fdatasync'd before it resolves, so an
 * entry the executor saw acknowledged survives a crash. Earlier lines are never rewritten.
 *
 * A torn last line (the process died mid-write; it is the only place a crash can leave one, since appends are
 * serialised and each waits for the previous to be durable): readers ignore it. The next append first repairs the tail:
 * - a tail that is not a whole, valid entry is TRUNCATED away (it was never acknowledged, so no one acted on it: a
 *   torn `begin` means the ARM call never started; a torn `success` leaves the step in-progress, which resume checks
 *   against the real state before doing anything);
 * - a tail that is a whole, valid entry missing only its newline is kept and TERMINATED with '\n'.
 * Any other invalid line (not the last, or the last but newline-terminated) is corruption and is refused.
 */
export const JOURNAL_FORMAT_VERSION = 1;

const armCall = z.strictObject({ method: z.string(), url: z.string(), status: z.number().int().optional(), requestId: z.string().optional() });
const json = z.record(z.string(), z.unknown());
const undoRecord = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('patch'), id: z.string(), apiVersion: z.string(), body: json }),
  z.strictObject({ kind: z.literal('delete'), id: z.string(), apiVersion: z.string(), purge: z.boolean().optional() }),
  z.strictObject({ kind: z.literal('put'), id: z.string(), apiVersion: z.string(), body: json }),
  z.strictObject({ kind: z.literal('delete-copies'), keep: z.array(z.string()) }),
  z.strictObject({ kind: z.literal('none'), reason: z.string() }),
  z.strictObject({ kind: z.literal('irreversible'), reason: z.string() }),
]);
const journalError = z.strictObject({ code: z.string(), message: z.string(), statusCode: z.number().int().optional(), requestId: z.string().optional() });
const mode = z.enum(['apply', 'rollback']);
const at = z.string().min(1);

/** Typed against JournalEntry (contract.ts) so the two cannot drift apart. */
export const journalEntrySchema: z.ZodType<JournalEntry> = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('header'),
    formatVersion: z.literal(1),
    planId: z.string().min(1),
    planHash: z.string().min(1),
    tool: z.strictObject({ name: z.string(), version: z.string() }),
    createdAt: at,
  }),
  z.strictObject({ type: z.literal('run'), runId: z.string().min(1), mode, at, pid: z.number().int(), host: z.string() }),
  z.strictObject({ type: z.literal('begin'), runId: z.string().min(1), mode, stepId: z.string().min(1), workspaceId: z.string(), at }),
  z.strictObject({
    type: z.literal('success'),
    runId: z.string().min(1),
    mode,
    stepId: z.string().min(1),
    at,
    skipped: z.literal('already-done').optional(),
    created: z.array(z.string()),
    calls: z.array(armCall),
    undo: undoRecord.optional(),
  }),
  z.strictObject({ type: z.literal('failure'), runId: z.string().min(1), mode, stepId: z.string().min(1), at, error: journalError, calls: z.array(armCall) }),
  z.strictObject({ type: z.literal('end'), runId: z.string().min(1), mode, at, outcome: z.enum(['succeeded', 'failed', 'interrupted']) }),
]);

/** What is left after the last newline-terminated line. */
export type JournalTail =
  | { kind: 'clean' }
  /** A whole valid entry without its '\n' (included in `entries`); the next append adds the newline. */
  | { kind: 'unterminated'; offset: number }
  /** Not a valid entry (excluded); the next append truncates the file to `offset`. */
  | { kind: 'torn'; offset: number; bytes: number };

export interface ParsedJournal {
  entries: JournalEntry[];
  tail: JournalTail;
}

/** Parses journal bytes (see the module comment for the tail rules). Throws UsageError naming the first bad line. */
export function parseJournal(data: Buffer, source: string): ParsedJournal {
  const entries: JournalEntry[] = [];
  let start = 0;
  let line = 0;
  while (start < data.length) {
    line++;
    const nl = data.indexOf(0x0a, start);
    const terminated = nl >= 0;
    const end = terminated ? nl : data.length;
    const text = data.subarray(start, end).toString('utf8');
    const problem = entryProblem(text, entries, source);
    if (problem !== undefined) {
      if (!terminated) return { entries, tail: { kind: 'torn', offset: start, bytes: end - start } };
      throw new UsageError(
        `${source} is damaged at line ${line}: ${problem}. A journal is written only by apply and rollback and must not be edited; restore it from a backup, or keep it for the record and run plan again to start over.`,
      );
    }
    entries.push(journalEntrySchema.parse(JSON.parse(text)));
    if (!terminated) return { entries, tail: { kind: 'unterminated', offset: data.length } };
    start = nl + 1;
  }
  return { entries, tail: { kind: 'clean' } };
}

function entryProblem(text: string, before: readonly JournalEntry[], source: string): string | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return 'not valid JSON';
  }
  if (before.length === 0) {
    // The header's formatVersion is checked before anything else in it.
    const record = raw as { type?: unknown; formatVersion?: unknown; tool?: { name?: unknown; version?: unknown } } | null;
    if (record?.type !== 'header') return 'the first line is not the journal header';
    if (record.formatVersion !== JOURNAL_FORMAT_VERSION) {
      const by = typeof record.tool?.version === 'string' ? `${String(record.tool.name ?? toolName)} ${record.tool.version}` : 'an unknown tool version';
      throw new UsageError(
        `${source} has journal format version ${JSON.stringify(record.formatVersion)}, written by ${by}; this ${toolName} ${toolVersion} reads format version ${JOURNAL_FORMAT_VERSION}. Use the ${toolName} version that wrote it.`,
      );
    }
  } else if ((raw as { type?: unknown } | null)?.type === 'header') return 'a second journal header';
  const parsed = journalEntrySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `not a valid journal entry (${issue ? `${issue.path.map(String).join('.') || 'entry'}: ${issue.message}` : 'invalid'})`;
  }
  return undefined;
}

/** The journal's entries, or undefined when there is no journal yet. A torn last line is ignored. Never writes. */
export async function readJournal(path: string): Promise<JournalEntry[] | undefined> {
  const data = await readIfExists(path);
  return data === undefined ? undefined : parseJournal(data, path).entries;
}

export interface OpenedJournal extends Journal {
  /** How the file ended when opened; a torn or unterminated tail is repaired by the first append. */
  readonly tailOnOpen: JournalTail;
}

/**
 * Opens the journal of `plan` at `path`, creating it (mode 0600, directory 0700) with its header when absent or empty.
 * An existing journal must belong to this plan: same planId and same plan hash, else UsageError saying which plan it
 * belongs to.
 */
export async function openJournal(path: string, plan: Pick<Plan, 'planId' | 'contentHash'>): Promise<OpenedJournal> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const data = await readIfExists(path);
  const parsed = data === undefined ? { entries: [], tail: { kind: 'clean' } as JournalTail } : parseJournal(data, path);
  const journal = new FileJournal(path, parsed.entries, parsed.tail, data === undefined);
  const header = parsed.entries[0];
  if (header === undefined) {
    await journal.writeHeader({
      type: 'header',
      formatVersion: JOURNAL_FORMAT_VERSION,
      planId: plan.planId,
      planHash: plan.contentHash,
      tool: { name: toolName, version: toolVersion },
      createdAt: new Date().toISOString(),
    });
  } else if (header.type === 'header') {
    checkHeader(header, plan, path);
  }
  return journal;
}

function checkHeader(header: Extract<JournalEntry, { type: 'header' }>, plan: Pick<Plan, 'planId' | 'contentHash'>, path: string): void {
  if (header.planId !== plan.planId) {
    throw new UsageError(
      `${path} is the journal of plan ${header.planId}, not of plan ${plan.planId}: run apply, rollback or status with the plan file beside it (plans/${header.planId}/plan.json), or move this journal away.`,
    );
  }
  if (header.planHash !== plan.contentHash) {
    throw new UsageError(
      `${path} was written for plan ${header.planId} with content hash ${short(header.planHash)}, but this plan file has hash ${short(plan.contentHash)}: the plan file was replaced after apply started. Put back the plan file that was applied, or run plan again into a new directory.`,
    );
  }
}

const short = (hash: string) => (hash.length > 12 ? `${hash.slice(0, 12)}…` : hash);

class FileJournal implements OpenedJournal {
  private readonly list: JournalEntry[];
  private tail: JournalTail;
  private chain: Promise<void> = Promise.resolve();
  private broken: Error | undefined;
  private created: boolean;

  constructor(
    readonly path: string,
    entries: JournalEntry[],
    readonly tailOnOpen: JournalTail,
    created: boolean,
  ) {
    this.list = [...entries];
    this.tail = tailOnOpen;
    this.created = created;
  }

  get entries(): readonly JournalEntry[] {
    return this.list;
  }

  append(entry: JournalEntry): Promise<void> {
    if (entry.type === 'header') return Promise.reject(new ToolError('The journal header is written only when the journal is created.'));
    return this.enqueue(entry);
  }

  writeHeader(header: JournalEntry): Promise<void> {
    return this.enqueue(header);
  }

  /** Appends run one after another, so lines never interleave and entries stay in acknowledgement order. */
  private enqueue(entry: JournalEntry): Promise<void> {
    const run = this.chain.then(() => this.write(entry));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async write(entry: JournalEntry): Promise<void> {
    if (this.broken) throw new ToolError(`The journal ${this.path} cannot be written after an earlier write failed (${this.broken.message}); nothing more was recorded.`, undefined, { cause: this.broken });
    const parsed = journalEntrySchema.safeParse(entry);
    if (!parsed.success) throw new ToolError(`Refusing to journal an invalid ${String((entry as { type?: unknown }).type)} entry: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`);
    const secrets = findSecretFields(entry);
    if (secrets.length > 0) throw new ToolError(`Refusing to journal an entry with secret-like fields: ${secrets.join(', ')}.`);
    const line = `${JSON.stringify(entry)}\n`;
    let handle: FileHandle | undefined;
    try {
      if (this.tail.kind === 'torn') {
        // Only ever the unacknowledged tail: every acknowledged entry ends before tail.offset.
        handle = await open(this.path, TRUNCATE_NOFOLLOW);
        await handle.truncate(this.tail.offset);
        await handle.datasync();
        await handle.close();
        handle = undefined;
        this.tail = { kind: 'clean' };
      }
      const prefix = this.tail.kind === 'unterminated' ? '\n' : '';
      handle = await open(this.path, this.created ? CREATE_NOFOLLOW : APPEND_NOFOLLOW, 0o600);
      await handle.writeFile(prefix + line, 'utf8');
      await handle.datasync();
      await handle.close();
      handle = undefined;
      if (this.created) await syncDirectory(dirname(this.path));
      this.created = false;
      this.tail = { kind: 'clean' };
      this.list.push(entry);
    } catch (error) {
      await handle?.close().catch(() => undefined);
      // The file may now end in a torn line: stop here; the next openJournal repairs the tail.
      this.broken = error as Error;
      throw new ToolError(`Cannot write the journal ${this.path}: ${(error as Error).message}`, undefined, { cause: error });
    }
  }
}

async function readIfExists(path: string): Promise<Buffer | undefined> {
  await refuseLinks(path);
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`Cannot read the journal ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * The journal is never read or written through a symbolic link (it could make apply append to any file the user can
 * write), nor through anything but a regular file. Writes open with O_NOFOLLOW as well, so a link swapped in after
 * this check is refused by the kernel.
 */
export async function refuseLinks(path: string): Promise<void> {
  let info;
  try {
    info = await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new UsageError(`Cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  if (info.isSymbolicLink() || !info.isFile()) {
    throw new ToolError(
      `${path} is ${info.isSymbolicLink() ? 'a symbolic link' : 'not a regular file'}: the journal is never followed through a link. Move it away (if it is yours, copy the real file into its place) and run the command again.`,
      ExitCode.locked,
    );
  }
}

const APPEND_NOFOLLOW = fsConstants.O_WRONLY | fsConstants.O_APPEND | fsConstants.O_NOFOLLOW;
const CREATE_NOFOLLOW = fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL | fsConstants.O_NOFOLLOW;
const TRUNCATE_NOFOLLOW = fsConstants.O_RDWR | fsConstants.O_NOFOLLOW;
