import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_YAML_DIR, SHARED_YAML_DIR, yamlFilesUnder } from './fixtures.js';

const shared = existsSync(SHARED_YAML_DIR);

describe('official YAML fixtures', () => {
  it('has the twelve official files, each named in SOURCES.md', () => {
    const files = yamlFilesUnder(FIXTURE_YAML_DIR);
    expect(files).toHaveLength(12);
    const sources = readFileSync(join(FIXTURE_YAML_DIR, 'SOURCES.md'), 'utf8');
    for (const file of files) expect(sources).toContain(`| ${file} |`);
  });

  it.skipIf(!shared)(`are byte-identical to ${SHARED_YAML_DIR} (skipped: that folder does not exist on this machine)`, () => {
    const originals = yamlFilesUnder(SHARED_YAML_DIR);
    const all = (root: string) => readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
    expect(yamlFilesUnder(FIXTURE_YAML_DIR)).toEqual(originals);
    expect(all(SHARED_YAML_DIR), 'the shared folder holds only YAML files, all copied').toBe(originals.length);
    for (const file of originals) {
      expect(readFileSync(join(FIXTURE_YAML_DIR, file)).equals(readFileSync(join(SHARED_YAML_DIR, file))), file).toBe(true);
    }
  });
});
