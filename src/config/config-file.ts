import { writeFileAtomic } from '../atomic-write.js';
import { UsageError } from '../errors.js';

export interface WriteConfigFileOptions {
  /** Replace an existing file. Without it an existing file is never touched. */
  force?: boolean;
}

/**
 * Writes `text` to `path` atomically: a temp file in the same folder, flushed, then moved into place, so a reader
 * sees the old file or the whole new one, never half of it. Without `force` the move is a hard link, which fails if
 * the path exists at that instant (no window between check and write). The temp file is removed in every case.
 */
export async function writeConfigFile(path: string, text: string, options: WriteConfigFileOptions = {}): Promise<void> {
  try {
    await writeFileAtomic(path, text, { mode: 0o644, noClobber: options.force !== true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new UsageError(`${path} already exists; use --force to overwrite it, or write to another path.`, { cause: error });
    }
    throw error;
  }
}
