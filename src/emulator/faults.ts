import type { FaultRule } from './contract.js';

/**
 * Finds the first fault rule that matches "METHOD /path" and still has uses left, and spends one use. Rules are
 * matched as a case-insensitive substring first, else as a RegExp source (so "PUT /subscriptions" and
 * "^DELETE .*workspaces/[^/]+$" both work).
 */
export class FaultInjector {
  private readonly used = new Map<FaultRule, number>();
  constructor(private readonly rules: readonly FaultRule[]) {}

  take(method: string, path: string): FaultRule | undefined {
    const subject = `${method.toUpperCase()} ${path}`;
    for (const rule of this.rules) {
      const spent = this.used.get(rule) ?? 0;
      if (rule.times !== undefined && spent >= rule.times) continue;
      if (!matches(rule.match, subject)) continue;
      this.used.set(rule, spent + 1);
      return rule;
    }
    return undefined;
  }
}

function matches(pattern: string, subject: string): boolean {
  if (subject.toLowerCase().includes(pattern.toLowerCase())) return true;
  try {
    return new RegExp(pattern, 'i').test(subject);
  } catch {
    return false; // not a valid RegExp: the substring test was the only one
  }
}
