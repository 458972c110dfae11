/**
 * Tab-separated values as `az --output tsv` prints them: no header; a list of objects is one row per object with its
 * scalar fields in key order (nested objects and lists are left out); a list of scalars is one per line; a single
 * object is one row. Tabs and newlines inside values become spaces so every row stays one line. In a list of objects
 * every row has the same columns (the scalar keys of all objects, first seen first; empty where an object lacks one,
 * e.g. `inheritedFrom` of a workspace that is not a project), so `cut -f N` means the same field on every row.
 */
export function formatTsv(value: unknown): string {
  const columns = Array.isArray(value) ? scalarColumns(value) : undefined;
  const rows = Array.isArray(value) ? value.map((v) => (columns && isRecord(v) ? columns.map((k) => cell(v[k])).join('\t') : toRow(v))) : [toRow(value)];
  return rows.filter((r) => r !== undefined).map((r) => `${r}\n`).join('');
}

function scalarColumns(items: unknown[]): string[] | undefined {
  if (!items.every(isRecord)) return undefined;
  const keys = new Set<string>();
  for (const item of items) for (const [k, v] of Object.entries(item)) if (isScalar(v)) keys.add(k);
  return [...keys];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toRow(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return value.filter(isScalar).map(cell).join('\t');
  if (typeof value === 'object') return Object.values(value).filter(isScalar).map(cell).join('\t');
  return cell(value);
}

function isScalar(value: unknown): boolean {
  return value === null || typeof value !== 'object';
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value).replace(/[\t\r\n]+/g, ' ');
}
