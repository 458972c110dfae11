import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the OpenAPI documents live. The module runs from src/ (vitest) and from dist/ (after tsc), so the
 * directory is found from the package root (the nearest ancestor with package.json), not from this file.
 */
export function findOpenapiDir(moduleUrl: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(moduleUrl));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) {
      for (const candidate of [join(dir, 'src', 'emulator', 'openapi'), join(dir, 'openapi')]) {
        if (existsSync(join(candidate, 'specification'))) return candidate;
      }
      throw new Error(`OpenAPI documents not found under ${dir} (looked in src/emulator/openapi and openapi)`);
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${fileURLToPath(moduleUrl)}: cannot locate the OpenAPI documents`);
    dir = parent;
  }
}
