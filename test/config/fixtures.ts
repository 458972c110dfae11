import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SHARED_YAML_DIR = '/work/shared/azure/yaml';
export const FIXTURE_YAML_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'azure-yaml');

/** Relative paths of the .yml/.yaml files under `root`, sorted. */
export function yamlFilesUnder(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(entry.name)) out.push(relative(root, path));
    }
  };
  walk(root);
  return out.sort();
}
