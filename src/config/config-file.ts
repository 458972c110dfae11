import { randomBytes } from 'node:crypto';
import { link, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
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
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o644);
  try {
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.force) await rename(temp, path);
    else await linkNoClobber(temp, path);
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

async function linkNoClobber(temp: string, path: string): Promise<void> {
  try {
    await link(temp, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      throw new UsageError(`${path} already exists; use --force to overwrite it, or write to another path.`, { cause: error });
    }
    // Some file systems (FAT, some network shares) have no hard links: fall back to check-then-rename.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EXDEV' || code === 'ENOSYS') {
      const existing = await open(path, 'r').then((h) => h.close().then(() => true), () => false);
      if (existing) throw new UsageError(`${path} already exists; use --force to overwrite it, or write to another path.`);
      await rename(temp, path);
      return;
    }
    throw error;
  }
}
