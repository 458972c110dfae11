/**
 * Collected diagnostics (after Terraform's tfdiags): the planner never stops at the first problem, so a user can fix
 * several in one go. A plan with any error diagnostic cannot be applied.
 */
export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  /** Stable kebab-case code (e.g. "cmk-purge-protection"): tests and scripts match on it, never on the text. */
  code: string;
  /** ARM id of the resource concerned, or a policy path such as "policy.privateEndpoints[1]". */
  subject: string;
  /** One sentence: what is wrong. */
  summary: string;
  /** One sentence: what to do about it. */
  remedy: string;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** A small collector so checks read as a list of `error(...)` / `warning(...)` calls. */
export class DiagnosticCollector {
  readonly items: Diagnostic[] = [];
  error(code: string, subject: string, summary: string, remedy: string): void {
    this.items.push({ severity: 'error', code, subject, summary, remedy });
  }
  warning(code: string, subject: string, summary: string, remedy: string): void {
    this.items.push({ severity: 'warning', code, subject, summary, remedy });
  }
}
