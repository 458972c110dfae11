import { CARRY_POLICY_KEYS, type CarryDecision, type CarryPolicyKey } from './carry-over.js';

const DECISIONS: readonly CarryDecision[] = ['copy', 'list', 'skip'];

/** What `--carry-over KIND=copy|list|skip` sets: one carryOver key of the policy. */
export interface CarryOverFlag {
  key: CarryPolicyKey;
  decision: CarryDecision;
}

/**
 * Parses one `--carry-over` value, or says in one line what is accepted. Pure; shared by the CLI (refused at parse
 * time) and policyFromFlags (refused with the other flag problems), so both accept exactly the same values.
 */
export function parseCarryOverFlag(spec: string): CarryOverFlag | string {
  const eq = spec.indexOf('=');
  const key = (eq < 0 ? spec : spec.slice(0, eq)).trim();
  const decision = eq < 0 ? '' : spec.slice(eq + 1).trim();
  if (!(CARRY_POLICY_KEYS as readonly string[]).includes(key)) {
    return `--carry-over takes KIND=copy|list|skip with KIND one of ${CARRY_POLICY_KEYS.join(', ')}; got "${spec}"`;
  }
  if (!(DECISIONS as readonly string[]).includes(decision)) return `--carry-over ${key} takes copy, list or skip; got "${spec}"`;
  // The schema says the same, but here the message can name the flag.
  if (key === 'schedules' && decision === 'copy') return '--carry-over schedules takes list or skip: this version cannot copy schedules';
  return { key: key as CarryPolicyKey, decision: decision as CarryDecision };
}
