import { checkSchema, type AuditReport } from '../report.js';

/**
 * The report flattened to one object per (workspace, check), for row formats (tsv) when no --query shapes it.
 * Field names are the JSON report's: a workspace's scalar fields first (every one the report carries, so new fields
 * appear without a change here), then the check's. Every row has every column (absent: null) so tsv columns line
 * up. Where both have a field of the same name, the check's is prefixed `check`.
 */
export function checkRows(report: AuditReport): Record<string, unknown>[] {
  const workspaceKeys = unionKeys(report.workspaces.map((w) => scalarFields(w)));
  const checkKeys = unionKeys([Object.fromEntries(Object.keys(checkSchema.shape).map((k) => [k, null])), ...report.workspaces.flatMap((w) => w.checks)]);
  const rename = (key: string) => (workspaceKeys.includes(key) ? `check${key[0]!.toUpperCase()}${key.slice(1)}` : key);
  return report.workspaces.flatMap((workspace) =>
    workspace.checks.map((check) => {
      const row: Record<string, unknown> = {};
      for (const key of workspaceKeys) row[key] = (workspace as Record<string, unknown>)[key] ?? null;
      for (const key of checkKeys) row[rename(key)] = (check as Record<string, unknown>)[key] ?? null;
      return row;
    }),
  );
}

function scalarFields(value: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v === null || typeof v !== 'object'));
}

function unionKeys(objects: readonly object[]): string[] {
  const keys = new Set<string>();
  for (const o of objects) for (const k of Object.keys(o)) keys.add(k);
  return [...keys];
}
