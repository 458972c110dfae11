import type { PlanStep } from '../../plan/index.js';
import type { UndoRecord } from '../contract.js';

/**
 * The undo the plan itself describes (step.undo), as an UndoRecord. Used when the values read just before the change
 * are not available: a step resumed after a crash, or rolled back after a crash mid-step. The plan's values are those
 * at plan time, which the fingerprint check made sure still held when apply started.
 */
export function undoFromPlan(step: PlanStep): UndoRecord {
  const u = step.undo;
  if (u.irreversible) return { kind: 'irreversible', reason: u.reason };
  const r = u.request;
  switch (u.kind) {
    case 'delete-copies':
      return { kind: 'delete-copies', keep: [] };
    case 'nothing':
      return { kind: 'none', reason: u.description };
    case 'patch-workspace':
      return r?.body ? { kind: 'patch', id: r.path, apiVersion: r.apiVersion, body: r.body } : { kind: 'none', reason: u.description };
    case 'put-outbound-rule':
      return r?.body ? { kind: 'put', id: r.path, apiVersion: r.apiVersion, body: r.body } : { kind: 'none', reason: u.description };
    case 'delete-outbound-rule':
    case 'delete-diagnostic-setting':
    case 'delete-network-resource':
    case 'delete-workspace': {
      if (!r) return { kind: 'none', reason: u.description };
      const rec: UndoRecord = { kind: 'delete', id: r.path, apiVersion: r.apiVersion };
      if (r.query?.forceToPurge === 'true') rec.purge = true;
      return rec;
    }
  }
}
