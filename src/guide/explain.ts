import type { WorkspaceResult } from '../audit/report.js';
import { parseResourceId } from '../model/resource-id.js';
import type { PlanWorkspace } from '../plan/plan.js';

const STRATEGY_WORDS: Record<PlanWorkspace['strategy'], string> = {
  none: 'nothing to do',
  'in-place': 'update it in place',
  recreate: 'create a new, compliant workspace beside it',
  'recreate-same-name': 'delete and purge it, then create it again under the same name',
};

/**
 * Plain words for one workspace: why it fails MachineLearning-005 (and related rules), the proposed strategy and
 * why, what changes, what is re-created, what does not carry over and what cannot be undone. Pure; display only.
 */
export function explainWorkspace(audit: WorkspaceResult | undefined, ws: PlanWorkspace): string {
  const id = parseResourceId(ws.sourceId);
  const out = [`== ${id?.name ?? ws.sourceId} (resource group ${id?.resourceGroup ?? '?'}, subscription ${id?.subscriptionId ?? '?'})`];
  const failing = (audit?.checks ?? []).filter((c) => c.status !== 'pass');
  if (failing.length) {
    out.push('Why it fails:');
    for (const c of failing) out.push(`  - ${c.title}: ${c.reason}${c.status === 'unknown' ? ' (could not be checked)' : ''}`);
  }
  out.push(`Proposed: ${STRATEGY_WORDS[ws.strategy]}.`, `  Because: ${ws.strategyReason}.`);
  if (ws.target && ws.strategy !== 'in-place' && ws.strategy !== 'none') {
    out.push(`Re-created: a new workspace ${ws.target.name} in ${ws.target.resourceGroup} (${ws.target.location}), reusing the same storage account, key vault, registry and Application Insights.`);
  }
  const changes = ws.steps.filter((s) => s.action !== 'read');
  if (changes.length) {
    out.push('What changes:');
    for (const s of changes) out.push(`  - ${s.reason.split('; ')[0]} (${s.kind} ${s.target.split('/').pop()})`);
  }
  if (ws.notCarriedOver.length) {
    out.push('What will not carry over:');
    for (const line of ws.notCarriedOver) out.push(`  - ${line}`);
  }
  const irreversible = ws.steps.flatMap((s) => (s.undo.irreversible ? [`  - ${s.kind} ${s.target.split('/').pop()}: ${s.undo.reason}`] : []));
  out.push(irreversible.length ? 'What cannot be undone:' : 'Every step can be rolled back.', ...irreversible);
  for (const d of ws.diagnostics) out.push(`${d.severity === 'error' ? 'Problem' : 'Warning'}: ${d.summary} What to do: ${d.remedy}`);
  return out.join('\n');
}
