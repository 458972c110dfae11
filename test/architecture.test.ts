import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/cli.js';

/**
 * The arrows of the layout (../shared/STYLE.md): commands/cli → guide → apply → observe and plan; plan, audit and
 * observe → model; adapters in azure/. Nothing imports a folder above it. Read from the source, so a new upward import
 * fails here instead of in review.
 */
const FORBIDDEN: Record<string, string[]> = {
  model: ['azure', 'audit', 'observe', 'plan', 'apply', 'guide', 'cli', 'commands', 'config', 'emulator'],
  plan: ['azure', 'audit', 'observe', 'apply', 'guide', 'cli', 'commands', 'emulator'],
  observe: ['apply', 'guide', 'cli', 'commands', 'emulator', 'audit'],
  audit: ['plan', 'observe', 'apply', 'guide', 'cli', 'commands'],
  apply: ['guide', 'cli', 'commands', 'audit'],
  azure: ['plan', 'observe', 'apply', 'guide', 'cli', 'commands', 'audit'],
  guide: ['commands', 'cli'],
  config: ['apply', 'guide', 'cli', 'commands'],
  emulator: ['plan', 'observe', 'apply', 'guide', 'cli', 'commands', 'audit', 'azure'],
};

const src = join(repoRoot, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'openapi' ? [] : sourceFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

function importedFolders(file: string): { folder: string; line: string }[] {
  const text = readFileSync(file, 'utf8');
  const found: { folder: string; line: string }[] = [];
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
    const target = relative(src, join(file, '..', m[1]!));
    if (target.startsWith('..')) continue;
    const parts = target.split(sep);
    if (parts.length > 1) found.push({ folder: parts[0]!, line: m[0] });
  }
  return found;
}

describe('architecture', () => {
  it('no folder imports a folder above it', () => {
    const violations: string[] = [];
    for (const file of sourceFiles(src)) {
      const folder = relative(src, file).split(sep)[0]!;
      const forbidden = FORBIDDEN[folder] ?? [];
      for (const imported of importedFolders(file)) {
        if (forbidden.includes(imported.folder)) violations.push(`${relative(repoRoot, file)}: ${imported.line}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('only the executor holds the ARM writer: no other folder calls a write method on it', () => {
    const writers: string[] = [];
    for (const file of sourceFiles(src)) {
      const folder = relative(src, file).split(sep)[0]!;
      if (folder === 'apply' || folder === 'emulator' || folder === 'azure') continue;
      const text = readFileSync(file, 'utf8');
      if (/\barm\.(put|patch|post|delete|request)\s*[<(]/.test(text)) writers.push(relative(repoRoot, file));
    }
    expect(writers).toEqual([]);
  });
});
