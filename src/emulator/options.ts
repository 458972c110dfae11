import type { EmulatorKnob, EmulatorOptions, ThrottleConfig } from './contract.js';
import { FaultInjector } from './faults.js';
import type { RuntimeConfig } from './context.js';
import { resolveLroDurations } from './lro-durations.js';
import { ARM_THROTTLE, Throttle } from './throttle.js';
import { UsageError } from '../errors.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost']);
const IPV6_LOOPBACK = new Set(['::1', '[::1]']);

/**
 * The emulator never listens beyond loopback: it accepts any bearer token. IPv6 ::1 is loopback too but is refused:
 * Node 22.23's TLS hostname check runs domainToASCII on the host, which empties an IPv6 literal, so no client on that
 * runtime could verify the emulator's certificate.
 */
export function assertLoopback(host: string): void {
  if (IPV6_LOOPBACK.has(host)) {
    throw new UsageError(`Emulator host '${host}' is not offered: Node 22's TLS check cannot verify a certificate for an IPv6 address; use 127.0.0.1 or localhost.`);
  }
  if (!LOOPBACK.has(host.toLowerCase())) {
    throw new UsageError(`Emulator host '${host}' is not loopback: use 127.0.0.1 or localhost (it accepts any token, so it must never be reachable from other machines).`);
  }
}

/** FACTS (Throttling): Resource Graph allows about 15 queries per 5 s per user. */
const GRAPH_THROTTLE: ThrottleConfig = { readCapacity: 15, readRefillPerSec: 3, writeCapacity: 15, writeRefillPerSec: 3, deleteCapacity: 15, deleteRefillPerSec: 3 };

type Knobs = Partial<Pick<EmulatorOptions, EmulatorKnob>>;

/** Applies knobs onto a runtime config; fields not given keep their current value. Fresh buckets on every change. */
export function applyKnobs(config: RuntimeConfig, knobs: Knobs): void {
  if (knobs.latencyMs !== undefined) config.latencyMs = nonNegative('latencyMs', knobs.latencyMs);
  if (knobs.lroDurationMs !== undefined || knobs.lroTimeScale !== undefined) {
    const setting = knobs.lroDurationMs ?? config.lroDurationMs;
    const scale = knobs.lroTimeScale ?? config.lroTimeScale;
    config.lroDurations = resolveLroDurations(setting, scale);
    config.lroDurationMs = setting;
    config.lroTimeScale = scale;
  }
  if (knobs.lroRetryAfter !== undefined) {
    if (knobs.lroRetryAfter !== 'remaining' && knobs.lroRetryAfter !== 'none') throw new UsageError(`lroRetryAfter must be 'remaining' or 'none', not ${JSON.stringify(knobs.lroRetryAfter)}.`);
    config.lroRetryAfter = knobs.lroRetryAfter;
  }
  if (knobs.pageSize !== undefined) {
    if (!Number.isInteger(knobs.pageSize) || knobs.pageSize < 1) throw new UsageError(`pageSize must be a positive integer, not ${knobs.pageSize}.`);
    config.pageSize = knobs.pageSize;
  }
  if (knobs.projectNetworkEcho !== undefined) config.projectNetworkEcho = flag('projectNetworkEcho', knobs.projectNetworkEcho);
  if (knobs.approverRoleMissing !== undefined) config.approverRoleMissing = flag('approverRoleMissing', knobs.approverRoleMissing);
  if (knobs.faults !== undefined) config.faults = new FaultInjector(knobs.faults);
  if (knobs.throttle !== undefined) {
    const t = knobs.throttle === true ? ARM_THROTTLE : knobs.throttle === false ? undefined : scaled({ ...ARM_THROTTLE, ...knobs.throttle });
    config.throttle = t ? new Throttle(t) : undefined;
    config.graphThrottle = t ? new Throttle(GRAPH_THROTTLE) : undefined;
  }
}

export function defaultRuntimeConfig(): RuntimeConfig {
  return { latencyMs: 0, lroDurationMs: 0, lroTimeScale: 1, lroDurations: resolveLroDurations(0, 1), lroRetryAfter: 'remaining', throttle: undefined, graphThrottle: undefined, faults: new FaultInjector([]), pageSize: 100, projectNetworkEcho: true, approverRoleMissing: false };
}

/** Applies `refillScale` to every refill rate; the capacities (ARM's bursts) stay. */
function scaled(t: ThrottleConfig): ThrottleConfig {
  const scale = t.refillScale ?? 1;
  if (!Number.isFinite(scale) || scale <= 0) throw new UsageError(`throttle.refillScale must be a positive number, not ${scale}.`);
  return { ...t, readRefillPerSec: t.readRefillPerSec * scale, writeRefillPerSec: t.writeRefillPerSec * scale, deleteRefillPerSec: t.deleteRefillPerSec * scale, refillScale: 1 };
}

function nonNegative(name: string, v: number): number {
  if (!Number.isFinite(v) || v < 0) throw new UsageError(`${name} must be a non-negative number, not ${v}.`);
  return v;
}

function flag(name: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw new UsageError(`${name} must be true or false, not ${JSON.stringify(v)}.`);
  return v;
}
