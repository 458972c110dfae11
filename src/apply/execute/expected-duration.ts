import { scheduleFor, type ExpectedDuration, type PollSchedule } from '../../azure/poll-schedule.js';
import type { PlanStep, StepKind } from '../../plan/index.js';
import type { ContentKind } from '../../plan/carry-over.js';
import { kindOf } from './copy-contents.js';

/**
 * How long each step's long-running operation takes in Azure, which decides how its polls are spaced
 * (azure/poll-schedule.ts). FACTS: Long-running operations: provisioning a managed network takes about 30 minutes;
 * a workspace is created or deleted in minutes; an online endpoint or deployment, or a compute, also in minutes.
 */
const BY_KIND: Record<StepKind, ExpectedDuration> = {
  'create-key': 'seconds',
  'update-workspace': 'minutes',
  'create-workspace': 'minutes',
  'put-outbound-rule': 'minutes',
  'provision-managed-network': 'half-hour',
  'copy-diagnostic-settings': 'seconds',
  'delete-compute': 'minutes',
  'delete-online-endpoint': 'minutes',
  'verify-compliance': 'seconds',
  'copy-contents': 'seconds',
  'compare-contents': 'seconds',
  'retire-source': 'minutes',
  'purge-source': 'minutes',
  'create-private-dns-zone': 'seconds',
  'link-private-dns-zone': 'seconds',
  'create-private-endpoint': 'minutes',
  'create-private-dns-zone-group': 'seconds',
};

const SLOW_CONTENTS: ReadonlySet<ContentKind> = new Set(['computeClusters', 'computeInstances', 'onlineEndpoints', 'deployments', 'traffic']);

/** How a step's long-running operations (and their undo) are polled, from how long they take in Azure. */
export function pollScheduleOf(step: PlanStep, baseMs: number): PollSchedule {
  const expected = step.kind === 'copy-contents' ? (SLOW_CONTENTS.has(kindOf(step)) ? 'minutes' : 'seconds') : BY_KIND[step.kind];
  return scheduleFor(expected, baseMs);
}
