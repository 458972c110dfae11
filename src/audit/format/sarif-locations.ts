import { createHash } from 'node:crypto';
import type { AuditReport } from '../report.js';

/**
 * Where each workspace's entry begins in the JSON report (formatJson's text), by lower-cased id: 1-based line of the
 * entry's opening brace. SARIF results point there, so GitHub can show an alert against a file the user commits.
 * Relies only on formatJson's invariants: two-space indent, `workspaces` a top-level array, `id` an entry's key.
 */
export function workspaceEntryLines(jsonText: string): Map<string, number> {
  const lines = jsonText.split('\n');
  const found = new Map<string, number>();
  let inWorkspaces = false;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    if (line === '  "workspaces": [') inWorkspaces = true;
    else if (inWorkspaces && /^ {2}\]/.test(line)) inWorkspaces = false;
    else if (inWorkspaces) {
      const id = /^ {6}"id": ("(?:[^"\\]|\\.)*"),?$/.exec(line)?.[1];
      if (id !== undefined && lines[i - 1] === '    {') found.set((JSON.parse(id) as string).toLowerCase(), i);
    }
  }
  return found;
}

/**
 * automationDetails.id: "category/run". GitHub keeps one analysis per category, so the category names the scope
 * (subscriptions and resource group), the same on every run of the same scope; the run part is the report time.
 */
export function automationId(report: Pick<AuditReport, 'scope' | 'generatedAt'>): string {
  const subscriptions = [...report.scope.subscriptions].map((s) => s.toLowerCase()).sort();
  const subs = subscriptions.length <= 3
    ? subscriptions.join('+') || 'none'
    : `${subscriptions.length}-subscriptions-${createHash('sha256').update(subscriptions.join('\n')).digest('hex').slice(0, 12)}`;
  const rg = report.scope.resourceGroup ? `/resourceGroup=${report.scope.resourceGroup.toLowerCase()}` : '';
  return `aml-isolate/audit/subscriptions=${subs}${rg}/${report.generatedAt}`;
}

/** A path for SARIF artifactLocation.uri: relative, forward slashes, percent-encoded where URIs need it. */
export function toRelativeUri(path: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('/') || path.startsWith('\\')) {
    throw new Error(`SARIF artifact path must be relative to the repository root, got ${path}`);
  }
  return path.split(/[\\/]+/).filter((s) => s !== '.' && s !== '').map(encodeURIComponent).join('/');
}
