import { open } from 'node:fs/promises';
import { UsageError } from './errors.js';

/** Upper bounds on what the tool reads from a file a user names, checked before anything is parsed. */
export const INPUT_LIMITS = {
  /** A policy file: a few dozen keys in practice. */
  policy: 1024 * 1024,
  /** A workspace YAML. */
  workspaceYaml: 1024 * 1024,
  /** A plan (inventories of thousands of asset versions fit many times over). */
  plan: 64 * 1024 * 1024,
  /** A saved audit report (100,000 workspaces in JSON is about 350 MiB). */
  auditReport: 512 * 1024 * 1024,
} as const;

/**
 * Reads a text file the user named, refusing before reading anything that is not a regular file or is larger than
 * `maxBytes` (bounded work and memory). Errors are one line with what to do, and never quote the file's content.
 */
export async function readInputFile(path: string, what: string, maxBytes: number): Promise<string> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : String(code);
    throw new UsageError(`Cannot read ${what} ${path}: ${why}.`, { cause: error });
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new UsageError(`${what} ${path} is not a regular file: give a file.`);
    if (info.size > maxBytes) throw new UsageError(`${what} ${path} is ${mib(info.size)}, more than the ${mib(maxBytes)} a ${what} may be: is it the right file?`);
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 0)} MiB`;

/** The position of a JSON syntax error, without the snippet of content V8 puts in its message. */
export function jsonErrorWithoutContent(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const at = /position (\d+)/.exec(message)?.[1];
  if (/Unexpected end of JSON input/.test(message)) return 'it ends in the middle of a value';
  return at !== undefined ? `a syntax error at character ${at}` : 'a syntax error';
}
