import { CommanderError } from 'commander';
import { CancelledError, ToolError, oneLine } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { buildProgram } from './program.js';
import { openOutputSink, type OutputSink } from './output-sink.js';

/**
 * Runs the CLI and returns the exit code. This is the only place that turns an error into output and an exit code:
 * one line on stderr, no stack trace (unless --verbose or AML_ISOLATE_DEBUG=1).
 */
export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  let sink: OutputSink | undefined;
  // --query and --output-file are checked before the action runs, so a bad expression reads nothing.
  program.hook('preAction', (_program, action) => {
    sink = openOutputSink(action);
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    await sink?.finish();
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
  } catch (error) {
    sink?.discard();
    return reportError(error, argv.includes('--verbose') || process.env['AML_ISOLATE_DEBUG'] === '1');
  }
}

/** The one place an error becomes output and an exit code; exported so each code can be tested. */
export function reportError(error: unknown, verbose: boolean): number {
  if (error instanceof CommanderError) {
    // Help and version are "errors" only to commander.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
      return ExitCode.ok;
    }
    // commander already printed its one-line message (see outputError in program.ts).
    return ExitCode.usage;
  }
  if (error instanceof CancelledError) {
    process.stderr.write(`aml-isolate: ${oneLine(error.message)}\n`);
    return error.exitCode;
  }
  if (error instanceof ToolError) {
    // An error that lists problems (a policy or YAML file) keeps one line per problem; everything else is one line.
    const lines = 'problems' in error ? error.message.split('\n').map((l) => l.trimEnd()) : [oneLine(error.message)];
    process.stderr.write(`aml-isolate: ${lines.join('\n')}\n`);
    if (verbose && error.cause) process.stderr.write(`${describeCause(error.cause)}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `aml-isolate: internal error: ${oneLine(message)} (this is a bug; rerun with --verbose and report it)\n`,
  );
  if (verbose && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return ExitCode.internal;
}

function describeCause(cause: unknown): string {
  return cause instanceof Error ? (cause.stack ?? cause.message) : String(cause);
}
