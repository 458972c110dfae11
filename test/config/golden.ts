import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { parseWorkspaceYaml } from '../../src/config/parse-workspace-yaml.js';
import { specToWorkspaceYaml } from '../../src/config/spec-to-workspace-yaml.js';
import { renderWorkspaceConfig } from '../../src/config/write-workspace-yaml.js';
import type { TargetWorkspaceSpec } from '../../src/plan/target-spec.js';

export const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), 'golden');
export const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === '1';

/** Compares `actual` with test/config/golden/<name>.yml; with UPDATE_GOLDEN=1 rewrites that file instead. */
export function expectGolden(name: string, actual: string): void {
  const path = join(GOLDEN_DIR, `${name}.yml`);
  if (UPDATE_GOLDEN) {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) {
    throw new Error(`No golden file ${path}; create it with: UPDATE_GOLDEN=1 npx vitest run test/config`);
  }
  expect(actual, `differs from ${path} (UPDATE_GOLDEN=1 rewrites it after review)`).toBe(readFileSync(path, 'utf8'));
}

/**
 * Renders workspace-config.yml for `spec`, checks the file is valid for our own parser, means exactly the spec and
 * writes every private_endpoint destination key, then golden-compares it as test/config/golden/<name>.yml.
 * One call per demo-fleet workspace is all a golden test needs. Returns the rendered text.
 */
export function expectGoldenWorkspaceConfig(name: string, spec: TargetWorkspaceSpec): string {
  const text = renderWorkspaceConfig(spec);
  const parsed = parseWorkspaceYaml(text, { source: `${name}.yml` });
  expect(parsed).toEqual(specToWorkspaceYaml(spec));
  for (const rule of parsed.managed_network?.outbound_rules ?? []) {
    if (rule.type === 'private_endpoint') {
      expect(Object.keys(rule.destination)).toEqual(['service_resource_id', 'subresource_target', 'spark_enabled']);
    }
  }
  expectGolden(name, text);
  return text;
}
