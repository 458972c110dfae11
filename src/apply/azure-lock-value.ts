/**
 * The value of the lock tag (azure-lock.ts): `<planId>;<host>;<runId>;<ISO time>`. Azure limits a tag value to 256
 * characters, so the host name (the only part of unbounded length) is shortened to fit. The time is the writer's
 * clock: it tells a human how old the lock is, and nothing is decided on it.
 */
export interface AzureLockHolder {
  /** '' when the value is not one this tool wrote (then it is never "ours"). */
  planId: string;
  host: string;
  runId: string;
  at: string;
  /** The tag's value as read. */
  raw: string;
}

export const maxTagValueLength = 256;

export function formatLockValue(h: Omit<AzureLockHolder, 'raw'>): string {
  const fixed = `${h.planId};;${h.runId};${h.at}`.length;
  const host = h.host.replace(/;/g, '_').slice(0, Math.max(0, maxTagValueLength - fixed));
  return `${h.planId};${host};${h.runId};${h.at}`.slice(0, maxTagValueLength);
}

export function parseLockValue(raw: string): AzureLockHolder {
  const parts = raw.split(';');
  if (parts.length !== 4 || parts.some((p) => p === '')) return { planId: '', host: '', runId: '', at: '', raw };
  const [planId, host, runId, at] = parts as [string, string, string, string];
  return { planId, host, runId, at, raw };
}

/** For messages: "plan P, run R on host H, since T", or the raw value when it is not ours to read. */
export function describeHolder(h: AzureLockHolder): string {
  if (h.planId === '') return h.raw === '' ? 'another run' : `a tag value this tool did not write ('${h.raw}')`;
  return `plan ${h.planId}, run ${h.runId} on host ${h.host}, since ${h.at}`;
}
