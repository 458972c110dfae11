import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ToolError, UsageError } from '../errors.js';
import { toolName, toolVersion as currentToolVersion } from '../version.js';
import type { Plan } from './plan.js';
import { SUPPORTED_PLAN_FORMAT_VERSIONS } from './plan.js';
import { planSchema } from './plan-schema.js';
import { computeContentHash } from './canonical-json.js';
import { findSecretFields } from './scrub.js';

export interface WritePlanFileOptions {
  /** Test seam: writes the text to the open temp file (default: the whole text at once). */
  write?: (handle: FileHandle, text: string) => Promise<void>;
}

/**
 * Writes the plan atomically: a temp file in the same directory (mode 0600), fsync, rename over the target, fsync the
 * directory. A failure leaves any previous file intact and no temp file behind. Refuses a plan that carries a
 * secret-like field or whose contentHash does not match (both would be tool bugs).
 */
export async function writePlanFile(path: string, plan: Plan, options: WritePlanFileOptions = {}): Promise<void> {
  const secrets = findSecretFields(plan);
  if (secrets.length > 0) throw new ToolError(`Refusing to write a plan with secret-like fields: ${secrets.join(', ')}.`);
  if (computeContentHash(plan as unknown as Record<string, unknown>) !== plan.contentHash) throw new ToolError('Refusing to write a plan whose contentHash does not match its content.');
  const text = `${JSON.stringify(plan, null, 2)}\n`;
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: FileHandle | undefined;
  try {
    handle = await open(temp, 'wx', 0o600);
    await (options.write ?? ((h, t) => h.writeFile(t, 'utf8')))(handle, text);
    await handle.chmod(0o600);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, path);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dir);
}

async function syncDirectory(dir: string): Promise<void> {
  // Makes the rename durable; not supported on every platform (e.g. Windows), where it is skipped.
  const handle = await open(dir, 'r').catch(() => undefined);
  await handle?.sync().catch(() => undefined);
  await handle?.close().catch(() => undefined);
}

/**
 * Reads a plan: formatVersion first (an unknown version is refused naming the tool version that wrote it), then the
 * schema, then the content hash (an edited file is refused).
 */
export async function readPlanFile(path: string): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read plan file ${path}: ${(error as Error).message}`, { cause: error });
  }
  return parsePlanText(text, path);
}

export function parsePlanText(text: string, source: string): Plan {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const version = /"formatVersion"\s*:\s*(-?\d+)/.exec(text)?.[1];
    if (version !== undefined) checkFormatVersion(Number(version), /"tool"\s*:\s*\{[^}]*"version"\s*:\s*"([^"]*)"/.exec(text)?.[1], source);
    throw new UsageError(`${source} is not a plan file: it is not valid JSON (${(error as Error).message}).`, { cause: error });
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || !('formatVersion' in raw)) {
    throw new UsageError(`${source} is not a plan file: it has no formatVersion.`);
  }
  const record = raw as Record<string, unknown>;
  const tool = record.tool as { version?: unknown } | undefined;
  checkFormatVersion(record.formatVersion, typeof tool?.version === 'string' ? tool.version : undefined, source);
  const parsed = planSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 10).map((i) => `  ${i.path.map(String).join('.') || '(file)'}: ${i.message}`);
    const more = parsed.error.issues.length > 10 ? `\n  … and ${parsed.error.issues.length - 10} more` : '';
    throw new UsageError(`${source} is not a valid plan (format version 1):\n${issues.join('\n')}${more}`);
  }
  if (computeContentHash(record) !== record.contentHash) {
    throw new UsageError(`${source} was modified after it was written (content hash mismatch): run plan again instead of editing a plan.`);
  }
  return parsed.data;
}

function checkFormatVersion(version: unknown, writtenBy: string | undefined, source: string): void {
  if (typeof version === 'number' && SUPPORTED_PLAN_FORMAT_VERSIONS.includes(version)) return;
  const by = writtenBy === undefined ? 'an unknown tool version' : `${toolName} ${writtenBy}`;
  throw new UsageError(
    `${source} has plan format version ${JSON.stringify(version)}, written by ${by}; this ${toolName} ${currentToolVersion} reads format version${SUPPORTED_PLAN_FORMAT_VERSIONS.length === 1 ? '' : 's'} ${SUPPORTED_PLAN_FORMAT_VERSIONS.join(', ')}. Use the ${toolName} version that wrote the plan, or run plan again.`,
  );
}
