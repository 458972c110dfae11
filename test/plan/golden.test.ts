import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { planDeterministically } from '../../src/plan/example-plan.js';
import { renderPlan } from '../../src/plan/render.js';
import { parsePlanText } from '../../src/plan/plan-file.js';
import { CASES } from './cases.js';
import { findSecretFields } from '../../src/plan/scrub.js';

/** Golden plans: `UPDATE_GOLDEN=1 npx vitest run test/plan/golden.test.ts` rewrites them; otherwise they must match. */
const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

function compare(file: string, actual: string): void {
  const path = join(GOLDEN, file);
  if (update) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  expect(existsSync(path), `${file} missing: run with UPDATE_GOLDEN=1`).toBe(true);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

describe('golden plans', () => {
  for (const [name, make] of Object.entries(CASES)) {
    it(name, () => {
      const { ctx, policy } = make();
      const { plan } = planDeterministically(ctx, policy);
      const json = `${JSON.stringify(plan, null, 2)}\n`;
      compare(`${name}.json`, json);
      compare(`${name}.txt`, renderPlan(plan));
      expect(findSecretFields(plan)).toEqual([]);
      // Every golden plan is a valid plan file.
      expect(parsePlanText(json, name).contentHash).toBe(plan.contentHash);
    });
  }
});
