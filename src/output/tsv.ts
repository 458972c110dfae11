/**
 * Tab-separated values as `az --output tsv` prints them: no header; a list of objects is one row per object with its
 * scalar fields in key order (nested objects and lists are left out); a list of scalars is one per line; a single
 * object is one row. Tabs and newlines inside values become spaces so every row stays one line.
 */
export function formatTsv(value: unknown): string {
  const rows = Array.isArray(value) ? value.map(toRow) : [toRow(value)];
  return rows.filter((r) => r !== undefined).map((r) => `${r}\n`).join('');
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
