import type { FileHandle } from 'node:fs/promises';
import { writeFileAtomic } from '../atomic-write.js';
import { INPUT_LIMITS, readInputFile } from '../input-file.js';
import type { Plan } from './plan.js';
import { parsePlanText, serialisePlan } from './plan-file.js';

export interface WritePlanFileOptions {
  /** Test seam: writes the text to the open temp file (default: the whole text at once). */
  write?: (handle: FileHandle, text: string) => Promise<void>;
}

/**
 * Writes the plan atomically (writeFileAtomic: temp file mode 0600, fsync, rename, fsync the folder). A failure
 * leaves any previous file intact and no temp file behind.
 */
export async function writePlanFile(path: string, plan: Plan, options: WritePlanFileOptions = {}): Promise<void> {
  await writeFileAtomic(path, serialisePlan(plan), { mode: 0o600, makeParents: true, ...(options.write ? { write: options.write } : {}) });
}

/**
 * Reads a plan: formatVersion first (an unknown version is refused naming the tool version that wrote it), then the
 * schema, then the content hash (an edited file is refused).
 */
export async function readPlanFile(path: string): Promise<Plan> {
  return parsePlanText(await readInputFile(path, 'plan file', INPUT_LIMITS.plan), path);
}
