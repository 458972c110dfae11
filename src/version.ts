import { readFileSync } from 'node:fs';

/** The tool's name and version, read from package.json (one level above both src/ and dist/). */
export const toolName = 'aml-isolate';
export const toolVersion: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
