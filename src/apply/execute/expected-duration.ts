import type { ExpectedDuration } from '../../azure/poll-schedule.js';
import type { StepKind } from '../../plan/index.js';
import type { ContentKind } from '../../plan/carry-over.js';

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

export function expectedDuration(kind: StepKind, contentKind?: ContentKind): ExpectedDuration {
  if (kind === 'copy-contents' && contentKind !== undefined) return SLOW_CONTENTS.has(contentKind) ? 'minutes' : 'seconds';
  return BY_KIND[kind];
}
