import { InvalidArgumentError, Option, type Command } from 'commander';
import type { RolloutOverrides } from '../apply/rollout-choice.js';
import type { WaveBy, WaveSize } from '../plan/index.js';
import { parseIntInRange } from './option-parsers.js';

/** The rollout flags as commander leaves them (already parsed by the argParsers below). */
export interface RolloutCliOptions {
  canary?: number;
  waveSize?: WaveSize;
  waveGrowth?: number;
  waveBy?: WaveBy;
  canaryFrom?: { tag: string; value: string }[];
  maxFailures?: number;
}

/** Adds --canary, --wave-size, --wave-growth, --wave-by, --canary-from, --max-failures (plan and apply share them). */
export function addRolloutOptions(command: Command): Command {
  return command
    .addOption(new Option('--canary <n>', 'workspaces applied (and verified) first, alone; default 1 when the plan has more than 3').argParser(parseIntInRange('--canary', 0, 10_000)))
    .addOption(new Option('--wave-size <n|p%>', 'first wave after the canary: a count or a percentage of the workspaces (default 10%)').argParser(parseWaveSize))
    .addOption(new Option('--wave-growth <factor>', 'each wave is this many times the one before (default 2; 1: equal waves)').argParser(parseGrowth))
    .addOption(new Option('--wave-by <key>', 'a wave never mixes groups: subscription, resource-group or tag:NAME').argParser(parseWaveBy))
    .addOption(new Option('--canary-from <tag=value>', 'least critical first: workspaces with this tag go first (repeatable, in order)').argParser(collectTag))
    .addOption(new Option('--max-failures <k>', 'stop before the next wave once more than K workspaces failed (default 0)').argParser(parseIntInRange('--max-failures', 0, 100_000)));
}

export function rolloutOverrides(options: RolloutCliOptions): RolloutOverrides {
  return {
    ...(options.canary !== undefined ? { canary: options.canary } : {}),
    ...(options.waveSize !== undefined ? { waveSize: options.waveSize } : {}),
    ...(options.waveGrowth !== undefined ? { growth: options.waveGrowth } : {}),
    ...(options.waveBy !== undefined ? { waveBy: options.waveBy } : {}),
    ...(options.canaryFrom !== undefined ? { canaryFrom: options.canaryFrom } : {}),
    ...(options.maxFailures !== undefined ? { maxFailures: options.maxFailures } : {}),
  };
}

export function parseWaveSize(value: string): WaveSize {
  const m = /^\s*(\d+)\s*(%?)\s*$/.exec(value);
  const n = m ? Number(m[1]) : NaN;
  if (!m || n < 1 || (m[2] === '%' && n > 100)) throw new InvalidArgumentError('--wave-size takes a count (e.g. 20) or a percentage from 1% to 100% (e.g. 10%).');
  return m[2] === '%' ? { percent: n } : { count: n };
}

function parseGrowth(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+(\.\d+)?\s*$/.test(value) || n < 1 || n > 10) throw new InvalidArgumentError('--wave-growth takes a factor from 1 to 10 (e.g. 2 doubles each wave).');
  return n;
}

export function parseWaveBy(value: string): WaveBy {
  const v = value.trim();
  if (v === 'subscription' || v === 'resource-group' || v === 'workspace') return v;
  const tag = /^tag:(.+)$/.exec(v)?.[1]?.trim();
  if (tag) return { tag };
  throw new InvalidArgumentError('--wave-by takes subscription, resource-group, workspace or tag:NAME (e.g. tag:environment).');
}

function collectTag(value: string, previous: { tag: string; value: string }[] | undefined): { tag: string; value: string }[] {
  const m = /^([^=]+)=(.*)$/.exec(value.trim());
  if (!m || !m[1]!.trim()) throw new InvalidArgumentError('--canary-from takes NAME=VALUE, e.g. environment=dev.');
  return [...(previous ?? []), { tag: m[1]!.trim(), value: m[2]!.trim() }];
}
