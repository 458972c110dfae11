import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../atomic-write.js';
import { asStoredState, type StoredState } from './state.js';
import { UsageError } from '../errors.js';

/** Reads a state file; `undefined` when it does not exist. Anything unreadable throws a one-line "what to do" error. */
export async function readStateFile(path: string): Promise<StoredState | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`Cannot read emulator state file ${path}: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`Emulator state file ${path} is not valid JSON (corrupt or truncated): delete it to start from a fresh seed.`);
  }
  if (typeof parsed !== 'object' || parsed === null || !('formatVersion' in parsed)) {
    throw new UsageError(`Emulator state file ${path} has no formatVersion: it was not written by the aml-isolate emulator; delete it or pick another path.`);
  }
  return asStoredState(parsed as { formatVersion: number }, `Emulator state file ${path}`);
}

/**
 * Writes atomically: a uniquely named temp file in the same directory, then rename. Readers and a second emulator on
 * the same file therefore only ever see a whole file (last writer wins), never a torn one.
 */
export async function writeStateFile(path: string, state: StoredState): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(state), { makeParents: true });
}
