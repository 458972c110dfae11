import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { compileJsonQuery, type JsonQuery } from '../output/json-query.js';
import { OUTPUT_FILE, writeFileAtomic } from '../atomic-write.js';

/** Output formats that are JSON, so `--query` can apply to what a command prints. */
const JSON_OUTPUTS = new Set(['json', 'sarif']);
/** Commands that apply `--query` themselves (before rendering YAML or TSV), so the sink must not apply it again. */
const QUERY_AWARE = new Set(['audit']);

export interface OutputOptions {
  query?: string;
  outputFile?: string;
}

/**
 * What a command prints on stdout, redirected when the user asked for `--query` or `--output-file`: held until the
 * command ends, then filtered and written to the terminal or, atomically, to the file. Commands keep writing to
 * process.stdout and know nothing of it; a command that fails leaves no output file behind.
 */
export interface OutputSink {
  /** Filters and writes what was printed; restores stdout. */
  finish(): Promise<void>;
  /** Drops what was printed (the command failed); restores stdout. */
  discard(): void;
}

/** Checks --query against the command (before anything is read) and starts holding stdout if needed. */
export function openOutputSink(command: Command): OutputSink | undefined {
  const options = command.optsWithGlobals<OutputOptions & { output?: string }>();
  if (options.query === undefined && options.outputFile === undefined) return undefined;
  let query: JsonQuery | undefined;
  if (options.query !== undefined) {
    query = compileJsonQuery(options.query);
    if (QUERY_AWARE.has(command.name())) query = undefined;
    else if (options.output === undefined || !JSON_OUTPUTS.has(options.output)) {
      throw new UsageError(`--query filters JSON output: \`${command.name()}\` needs -o json for it.`);
    }
  }
  const chunks: string[] = [];
  const original = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof process.stdout.write;
  const restore = () => {
    process.stdout.write = original;
  };
  return {
    async finish() {
      restore();
      const text = query ? applyQuery(query, chunks.join('')) : chunks.join('');
      if (options.outputFile !== undefined) await writeFileAtomic(options.outputFile, text, OUTPUT_FILE);
      else process.stdout.write(text);
    },
    discard: restore,
  };
}

/** One JSON document is queried as a whole; JSON lines (apply/rollback events) one line at a time. */
export function applyQuery(query: JsonQuery, text: string): string {
  if (text.trim() === '') return '';
  try {
    return `${JSON.stringify(query.apply(JSON.parse(text)), null, 2)}\n`;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => `${JSON.stringify(query.apply(JSON.parse(line)))}\n`)
    .join('');
}
