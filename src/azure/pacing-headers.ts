/** Server-requested delay from lower-cased response headers (retry-after-ms, x-ms-retry-after-ms, Retry-After s or date). */
export function retryAfterFromHeaders(headers: Record<string, string | undefined>, now: number): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const v = headers[name];
    if (v !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(v)) return Number(v);
  }
  const v = headers['retry-after'];
  if (v === undefined) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(v)) return Number(v) * 1000;
  const date = Date.parse(v);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** The subscription an ARM URL is about, or undefined for tenant-level calls (not paced: another budget). */
export function subscriptionOf(url: string): string | undefined {
  try {
    return /^\/subscriptions\/([^/]+)/i.exec(new URL(url).pathname)?.[1]?.toLowerCase();
  } catch {
    return undefined;
  }
}
