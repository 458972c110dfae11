import { afterEach, describe, expect, it, vi } from 'vitest';
import { CommanderError } from 'commander';
import { reportError } from '../../src/cli/run-cli.js';
import { ArmError, AuthError, CancelledError, ToolError, UsageError } from '../../src/errors.js';
import { ExitCode } from '../../src/exit-codes.js';
import { auditExitCode } from '../../src/audit/report.js';

afterEach(() => vi.restoreAllMocks());

/** What reportError prints and returns, stderr captured. */
function report(error: unknown): { code: number; stderr: string } {
  let stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  const code = reportError(error, false);
  return { code, stderr };
}

describe('exit codes: one meaning each', () => {
  it('70: an unexpected error (a bug) is internal, never 2, with a one-line message', () => {
    const { code, stderr } = report(new TypeError('x is undefined'));
    expect(code).toBe(70);
    expect(ExitCode.internal).toBe(70);
    expect(stderr).toMatch(/^aml-isolate: internal error: x is undefined \(this is a bug/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    // A ToolError without a code of its own is internal too.
    expect(report(new ToolError('unexpected state')).code).toBe(70);
  });

  it('2 is only plan --detailed-exitcode\'s "changes planned"', () => {
    expect(ExitCode.changesPlanned).toBe(2);
    const codes = Object.entries(ExitCode).filter(([, v]) => v === 2).map(([k]) => k);
    expect(codes).toEqual(['changesPlanned']);
  });

  it.each([
    ['3 usage', new UsageError('bad flag'), 3],
    ['3 usage (commander)', new CommanderError(1, 'commander.unknownOption', 'unknown option'), 3],
    ['0 help', new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'), 0],
    ['5 auth', new AuthError('no credential'), 5],
    ['6 azure', new ArmError({ code: 'Conflict', message: 'busy', statusCode: 409, requestId: 'r1' }), 6],
    ['7 locked', new ToolError('plan is locked', ExitCode.locked), 7],
    ['130 cancelled', new CancelledError(), 130],
  ])('%s', (_name, error, expected) => {
    expect(report(error).code).toBe(expected);
  });

  it('0, 1 and 4 come from the audit report', () => {
    const ws = (compliant: boolean) => ({ compliant }) as never;
    expect(auditExitCode({ errors: [], workspaces: [ws(true)] })).toBe(ExitCode.ok);
    expect(auditExitCode({ errors: [], workspaces: [ws(false)] })).toBe(ExitCode.nonCompliant);
    expect(auditExitCode({ errors: [{} as never], workspaces: [ws(false)] })).toBe(ExitCode.partial);
  });
});
