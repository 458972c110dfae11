import { randomBytes } from 'node:crypto';
import { link, mkdir, open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { UsageError } from './errors.js';
import { basename, dirname, join } from 'node:path';

export interface WriteFileAtomicOptions {
  /** File mode of the new file (default 0600: plans, state and keys are nobody else's business). */
  mode?: number;
  /** Create missing parent folders (mode 0700). Default false: a missing folder is the caller's error to report. */
  makeParents?: boolean;
  /**
   * Never replace an existing file: the move is a hard link, which fails with EEXIST if the path exists at that
   * instant (no window between check and write). File systems without hard links fall back to check-then-rename.
   */
  noClobber?: boolean;
  /** Test seam: writes the text to the open temp file (default: the whole text at once). */
  write?: (handle: FileHandle, text: string) => Promise<void>;
}

/** Reports and other output files a user shares: readable by others, parent folders made as needed. */
export const OUTPUT_FILE: WriteFileAtomicOptions = { mode: 0o644, makeParents: true };

/**
 * The one atomic write of the tool: a uniquely named temp file in the same folder, written and fsynced, moved into
 * place, then the folder fsynced so the move itself survives a crash. A reader sees the old file or the whole new
 * one, never half of it; a failure leaves any previous file intact and no temp file behind.
 */
export async function writeFileAtomic(path: string, text: string, options: WriteFileAtomicOptions = {}): Promise<void> {
  const dir = dirname(path);
  try {
    if (options.makeParents) await mkdir(dir, { recursive: true, mode: 0o700 });
    const info = await stat(dir);
    if (!info.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`Cannot write ${path}: the folder ${dir} does not exist; create it first or choose another path.`, { cause: error });
    if (code === 'ENOTDIR' || code === 'EEXIST') throw new UsageError(`Cannot write ${path}: ${dir} (or a folder above it) is a file, not a folder; choose another path.`, { cause: error });
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw new UsageError(`Cannot write ${path}: ${dir} is not writable (${code}).`, { cause: error });
    throw error;
  }
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const mode = options.mode ?? 0o600;
  let handle: FileHandle | undefined;
  try {
    handle = await open(temp, 'wx', mode);
    await (options.write ?? ((h, t) => h.writeFile(t, 'utf8')))(handle, text);
    await handle.chmod(mode);
    await handle.sync();
    await handle.close();
    handle = undefined;
    if (options.noClobber) await linkNoClobber(temp, path);
    else await rename(temp, path);
  } finally {
    await handle?.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
  }
  await syncDirectory(dir);
}

async function linkNoClobber(temp: string, path: string): Promise<void> {
  try {
    await link(temp, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') throw error;
    // Some file systems (FAT, some network shares) have no hard links.
    const exists = await open(path, 'r').then((h) => h.close().then(() => true), () => false);
    if (exists) throw Object.assign(new Error(`${path} exists`), { code: 'EEXIST' });
    await rename(temp, path);
  }
}

/** Makes a rename durable; not supported on every platform (e.g. Windows), where it is skipped. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  await handle?.sync().catch(() => undefined);
  await handle?.close().catch(() => undefined);
}
