import type { Check, CheckStatus } from './report.js';
import { ruleById, type RuleId } from './rule-catalog.js';

/** One check with its rule's title and severity; a failing check carries the rule's remediation. */
export function makeCheck(rule: RuleId, status: CheckStatus, actual: string, expected: string, reason: string): Check {
  const def = ruleById(rule)!;
  const check: Check = { rule, title: def.title, status, actual, expected, reason, severity: def.severity };
  if (status === 'fail') check.remediation = def.help;
  return check;
}
