import type { Store } from '../store.js';
import type { DeletedWorkspace } from '../state.js';
import { conflict } from './rule-error.js';

/** FACTS (Soft delete and names): retention is 14 days. */
export const SOFT_DELETE_RETENTION_MS = 14 * 24 * 3600_000;

export function findSoftDeleted(store: Store, id: string, now: number): DeletedWorkspace | undefined {
  const d = store.state.deletedWorkspaces[id.toLowerCase()];
  return d && now - Date.parse(d.deletedAt) < SOFT_DELETE_RETENTION_MS ? d : undefined;
}

/** FACTS: the service answers a create on a soft-deleted name with this exact message. */
export function assertNotSoftDeleted(store: Store, id: string, now: number): void {
  if (findSoftDeleted(store, id, now)) throw conflict('Soft-deleted workspace exists. Please purge or recover it.');
}
