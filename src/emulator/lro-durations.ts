import { UsageError } from '../errors.js';
import type { OperationEffect } from './state.js';

/** What a long-running operation is, as far as its duration goes (one per kind of LRO site in providers/). */
export type LroKind =
  | 'createWorkspace'
  | 'updateWorkspace'
  | 'deleteWorkspace'
  /** PUT or DELETE of a user-defined outbound rule. */
  | 'outboundRule'
  | 'provisionManagedNetwork'
  | 'diagnose'
  /** Computes, online endpoints and deployments, schedules (long-running children of a workspace). */
  | 'workspaceChild'
  | 'privateEndpoint'
  /** Private DNS zones, their virtual network links, and private endpoints' DNS zone groups. */
  | 'privateDns';

export const LRO_KINDS: readonly LroKind[] = ['createWorkspace', 'updateWorkspace', 'deleteWorkspace', 'outboundRule', 'provisionManagedNetwork', 'diagnose', 'workspaceChild', 'privateEndpoint', 'privateDns'];

/** A number (every kind), the 'realistic' preset, or milliseconds by kind; kinds not named take `default` (0). */
export type LroDurationSetting = number | 'realistic' | Partial<Record<LroKind | 'default', number>>;
export type LroDurationTable = Readonly<Record<LroKind, number>>;

const MINUTE = 60_000;

/**
 * Azure's durations, for their proportions (scale them with lroTimeScale). Only two are observed:
 * - provisionManagedNetwork: ~30 minutes (FACTS: Managed network; a 2023 recording finished within 4 minutes);
 * - outboundRule: a recorded rule DELETE was InProgress at once and Succeeded at the next poll 30 s later.
 * The rest are *unverified* estimates of the same order as the portal shows: a workspace create takes minutes, an
 * update or delete about a minute, a private endpoint about a minute, DNS records well under one, computes minutes.
 */
export const REALISTIC_LRO_MS: LroDurationTable = {
  createWorkspace: 3 * MINUTE,
  updateWorkspace: 1 * MINUTE,
  deleteWorkspace: 1 * MINUTE,
  outboundRule: 0.5 * MINUTE,
  provisionManagedNetwork: 30 * MINUTE,
  diagnose: 1 * MINUTE,
  workspaceChild: 5 * MINUTE,
  privateEndpoint: 1 * MINUTE,
  privateDns: 0.5 * MINUTE,
};

/** The milliseconds of every kind, after `timeScale`; a bad setting is a one-line UsageError. */
export function resolveLroDurations(setting: LroDurationSetting, timeScale: number): LroDurationTable {
  if (!Number.isFinite(timeScale) || timeScale <= 0) throw new UsageError(`lroTimeScale must be a positive number (0.01 = Azure's durations / 100), not ${JSON.stringify(timeScale)}.`);
  const base = baseDurations(setting);
  return Object.fromEntries(LRO_KINDS.map((k) => [k, base[k] * timeScale])) as Record<LroKind, number>;
}

function baseDurations(setting: LroDurationSetting): LroDurationTable {
  if (setting === 'realistic') return REALISTIC_LRO_MS;
  if (typeof setting === 'number') return uniform(nonNegative('lroDurationMs', setting));
  if (typeof setting !== 'object' || setting === null || Array.isArray(setting)) {
    throw new UsageError(`lroDurationMs must be a number of milliseconds, 'realistic' or an object by operation kind, not ${JSON.stringify(setting)}.`);
  }
  const unknown = Object.keys(setting).filter((k) => k !== 'default' && !(LRO_KINDS as readonly string[]).includes(k));
  if (unknown.length) throw new UsageError(`lroDurationMs has unknown operation kind(s) ${unknown.join(', ')}; use default, ${LRO_KINDS.join(', ')}.`);
  const fallback = nonNegative('lroDurationMs.default', setting.default ?? 0);
  return Object.fromEntries(LRO_KINDS.map((k) => [k, setting[k] === undefined ? fallback : nonNegative(`lroDurationMs.${k}`, setting[k])])) as Record<LroKind, number>;
}

function uniform(ms: number): LroDurationTable {
  return Object.fromEntries(LRO_KINDS.map((k) => [k, ms])) as Record<LroKind, number>;
}

function nonNegative(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new UsageError(`${name} must be a non-negative number of milliseconds, not ${JSON.stringify(v)}.`);
  return v;
}

/** Which kind an operation is; network operations are told apart by the resource they write. */
export function lroKindOf(effect: OperationEffect): LroKind {
  switch (effect.kind) {
    case 'put-workspace':
      return effect.creating ? 'createWorkspace' : 'updateWorkspace';
    case 'delete-workspace':
      return 'deleteWorkspace';
    case 'put-rule':
    case 'delete-rule':
      return 'outboundRule';
    case 'provision':
      return 'provisionManagedNetwork';
    case 'diagnose':
      return 'diagnose';
    case 'put-child':
    case 'delete-child':
      return 'workspaceChild';
    case 'put-network':
    case 'delete-network': {
      const id = effect.id.toLowerCase();
      return id.includes('/microsoft.network/privateendpoints/') && !id.includes('/privatednszonegroups/') ? 'privateEndpoint' : 'privateDns';
    }
  }
}
