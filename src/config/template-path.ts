import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Path of a file in the package's templates/ folder. The module runs from src/ (vitest) and from dist/ (after tsc),
 * so the folder is found from the package root (the nearest ancestor with package.json), not from this file.
 */
export function findTemplate(fileName: string, moduleUrl: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(moduleUrl));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) {
      const path = join(dir, 'templates', fileName);
      if (existsSync(path)) return path;
      throw new Error(`Template ${fileName} not found in ${join(dir, 'templates')}; reinstall aml-isolate`);
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${fileURLToPath(moduleUrl)}: cannot locate templates/${fileName}`);
    dir = parent;
  }
}
