import { describe, expect, it } from 'vitest';
import { createRoundRobin } from '../../src/audit/round-robin.js';

describe('createRoundRobin', () => {
  it('takes jobs in turn across keys, never more than the limit at once', async () => {
    const started: string[] = [];
    let running = 0;
    let peak = 0;
    const jobs = createRoundRobin<number>(2, async (key, n) => {
      started.push(`${key}${n}`);
      peak = Math.max(peak, ++running);
      await new Promise((r) => setTimeout(r, 1));
      running--;
    });
    // Rows arrive grouped by subscription, as Resource Graph returns them.
    for (const n of [1, 2, 3, 4]) jobs.add('a', n);
    for (const n of [1, 2]) jobs.add('b', n);
    jobs.add('c', 1);
    await jobs.drain();
    expect(peak).toBe(2);
    expect(started).toHaveLength(7);
    // The first two start at once from 'a'; then 'a', 'b' and 'c' are served in turn (FIFO would be a3 a4 b1 b2 c1).
    expect(started).toEqual(['a1', 'a2', 'a3', 'b1', 'c1', 'a4', 'b2']);
  });

  it('settles every job before drain rejects with the first failure', async () => {
    let finished = 0;
    const jobs = createRoundRobin<number>(3, async (_key, n) => {
      await new Promise((r) => setTimeout(r, n));
      finished++;
      if (n === 1) throw new Error('boom');
    });
    for (const n of [1, 5, 10, 2]) jobs.add(`k${n}`, n);
    await expect(jobs.drain()).rejects.toThrow('boom');
    expect(finished).toBe(4);
  });
});
