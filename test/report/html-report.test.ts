import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderHtmlReport } from '../../src/report/render-html.js';
import type { RunStatusInput } from '../../src/report/plan-section.js';
import { assembleReport } from '../../src/audit/assemble-report.js';
import { evaluateWorkspace } from '../../src/audit/rules.js';
import { planDeterministically } from '../../src/plan/example-plan.js';
import { aReport } from '../audit/report-fixture.js';
import { aWorkspace } from '../audit/builders.js';
import { CASES } from '../plan/cases.js';
import { inkShare } from './png-pixels.js';

const CHROMIUM = '/usr/bin/chromium';
const HOSTILE = '<script>window.pwned=1</script>';

/** The fixture report plus a workspace whose name and tag-like fields are markup, and an extra field (kind). */
function hostileReport() {
  const base = aReport();
  const evil = evaluateWorkspace(aWorkspace({ name: HOSTILE, resourceGroup: 'rg-<b>x</b>', properties: { publicNetworkAccess: 'Enabled' } }), { kind: 'read', settings: [] });
  const report = assembleReport({
    tool: base.tool,
    generatedAt: new Date(base.generatedAt),
    scope: base.scope,
    workspaces: [...base.workspaces, { ...evil, kind: 'hub' } as typeof evil],
    errors: base.errors,
  });
  return report;
}

function appliedPlan() {
  const c = CASES['isolation-disabled-in-place']!();
  const plan = planDeterministically(c.ctx, c.policy).plan;
  const status: RunStatusInput = {
    lastRun: { runId: 'run-1', mode: 'apply', at: '2026-11-30T00:00:00Z', outcome: 'failed' },
    workspaces: plan.workspaces.map((w) => ({
      workspaceId: w.sourceId,
      state: 'failed',
      stepStatuses: w.steps.map((s, i) => ({ stepId: s.id, state: i === 0 ? 'done' : 'failed', ...(i === 1 ? { error: { code: 'Conflict', message: 'x <i>y</i>' } } : {}) })),
    })),
  };
  return { plan, status };
}

describe.skipIf(!existsSync(CHROMIUM))('HTML report in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  const report = hostileReport();
  const { plan, status } = appliedPlan();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aml-html-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, renderHtmlReport({ audit: report, plan, status }));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // The page must need no network: any request other than the file itself fails the test.
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href);
    expect(requests).toEqual([pathToFileURL(file).href]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the summary, counts per rule and per subscription, and every workspace with its reasons', async () => {
    const cards = await page.locator('.card').allInnerTexts();
    expect(cards.map((c) => c.replace(/\s+/g, ' ').trim())).toEqual([
      `${report.summary.workspaces} Workspaces`, `${report.summary.compliant} Compliant`, `${report.summary.nonCompliant} Non-compliant`,
      `${report.summary.subscriptionsScanned} Subscriptions read`, `${report.summary.subscriptionsFailed} Subscriptions failed`,
    ]);
    const pnaRow = await page.locator('#rules tbody tr', { hasText: 'ML005-public-network-access' }).locator('td').allInnerTexts();
    const failing = report.workspaces.filter((w) => w.checks.some((c) => c.rule === 'ML005-public-network-access' && c.status === 'fail')).length;
    expect(pnaRow[2]).toBe(String(failing));
    expect(await page.locator('#subscriptions tbody tr').count()).toBe(new Set([...report.scope.subscriptions, ...report.workspaces.map((w) => w.subscriptionId)].map((s) => s.toLowerCase())).size);
    expect(await page.locator('#workspaces tbody tr').count()).toBe(report.workspaces.length);
    // textContent: the checks of compliant workspaces are in collapsed <details>, present but not rendered.
    const squash = (t: string) => t.replace(/\s+/g, ' ');
    const text = squash((await page.locator('body').textContent()) ?? '');
    for (const check of report.workspaces.flatMap((w) => w.checks)) expect(text).toContain(squash(check.reason));
    expect(await page.locator('#errors').innerText()).toContain('AuthorizationFailed');
    // A field the renderer does not know (e.g. kind) still gets a column.
    expect(await page.locator('#workspaces thead th').allInnerTexts()).toContain('kind');
  });

  it('shows user data as text: a workspace named <script> neither runs nor becomes markup', async () => {
    expect(await page.evaluate(() => (globalThis as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator('#workspaces tbody').innerText()).toContain(HOSTILE);
    expect(await page.locator('#workspaces b').count()).toBe(0);
    expect(await page.locator('body').innerText()).toContain('x <i>y</i>');
  });

  it('shows the plan steps, what is irreversible, and the journal outcome', async () => {
    const steps = plan.workspaces.flatMap((w) => w.steps);
    const table = page.locator('#plan table');
    expect(await table.locator('tbody tr').count()).toBe(steps.length);
    const irreversible = steps.filter((s) => s.undo.irreversible);
    expect(irreversible.length).toBeGreaterThan(0);
    expect(await table.locator('td.irreversible').count()).toBe(irreversible.length);
    expect(await page.locator('#outcome').innerText()).toMatch(/run-1 \(apply, .*\): failed/);
    expect(await table.locator('tbody tr').nth(1).innerText()).toContain('Conflict: x <i>y</i>');
  });

  it('sorts by a clicked header and filters by typed text, with no server', async () => {
    const names = () => page.locator('#workspaces tbody tr:not([hidden]) td:first-child').allInnerTexts();
    const sorted = [...report.workspaces.map((w) => w.name)].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base', numeric: true }));
    await page.locator('#workspaces thead th', { hasText: 'Name' }).click();
    expect(await names()).toEqual(sorted);
    await page.locator('#workspaces thead th', { hasText: 'Name' }).click();
    expect(await names()).toEqual([...sorted].reverse());
    await page.locator('input[data-filter="workspaces"]').fill('diag-403');
    expect(await names()).toEqual(['diag-403']);
    await page.locator('input[data-filter="workspaces"]').fill('');
    expect(await names()).toHaveLength(report.workspaces.length);
  });

  it('renders something visible (the screenshot is not blank)', async () => {
    const png = await page.screenshot();
    expect(inkShare(png)).toBeGreaterThan(0.02);
  });
});

describe('HTML report without a browser', () => {
  it('is self-contained: no external reference of any kind', () => {
    const text = renderHtmlReport({ audit: hostileReport(), ...appliedPlan() });
    expect(text).not.toMatch(/<(link|img|iframe)\b|\bsrc=|url\(/i);
    expect(text).not.toContain(HOSTILE);
    expect(text).toContain('&#60;script&#62;window.pwned=1&#60;/script&#62;');
  });

  it('is the same bytes for the same input', () => {
    expect(renderHtmlReport({ audit: aReport() })).toBe(renderHtmlReport({ audit: aReport() }));
  });
});
