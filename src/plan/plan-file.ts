import { ToolError, UsageError } from '../errors.js';
import { jsonErrorWithoutContent } from '../input-file.js';
import { toolName, toolVersion as currentToolVersion } from '../version.js';
import type { Plan } from './plan.js';
import { SUPPORTED_PLAN_FORMAT_VERSIONS } from './plan.js';
import { planSchema } from './plan-schema.js';
import { computeContentHash } from './canonical-json.js';
import { findSecretFields } from './scrub.js';


/** The plan file format, pure: text in, checked plan out, and back. Reading and writing files is plan-store.ts. */

/**
 * The plan as written to disk. Refuses a plan that carries a secret-like field or whose contentHash does not match
 * (both would be tool bugs).
 */
export function serialisePlan(plan: Plan): string {
  const secrets = findSecretFields(plan);
  if (secrets.length > 0) throw new ToolError(`Refusing to write a plan with secret-like fields: ${secrets.join(', ')}.`);
  if (computeContentHash(plan as unknown as Record<string, unknown>) !== plan.contentHash) throw new ToolError('Refusing to write a plan whose contentHash does not match its content.');
  return `${JSON.stringify(plan, null, 2)}\n`;
}

export function parsePlanText(text: string, source: string): Plan {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const version = /"formatVersion"\s*:\s*(-?\d+)/.exec(text)?.[1];
    if (version !== undefined) checkFormatVersion(Number(version), /"tool"\s*:\s*\{[^}]*"version"\s*:\s*"([^"]*)"/.exec(text)?.[1], source);
    throw new UsageError(`${source} is not a plan file: it is not valid JSON (${jsonErrorWithoutContent(error)}).`, { cause: error });
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || !('formatVersion' in raw)) {
    throw new UsageError(`${source} is not a plan file: it has no formatVersion.`);
  }
  const record = raw as Record<string, unknown>;
  const tool = record.tool as { version?: unknown } | undefined;
  checkFormatVersion(record.formatVersion, typeof tool?.version === 'string' ? tool.version : undefined, source);
  const parsed = planSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 10).map((i) => `  ${i.path.map(String).join('.') || '(file)'}: ${i.message}`);
    const more = parsed.error.issues.length > 10 ? `\n  … and ${parsed.error.issues.length - 10} more` : '';
    throw new UsageError(`${source} is not a valid plan (format version 1):\n${issues.join('\n')}${more}`);
  }
  if (computeContentHash(record) !== record.contentHash) {
    throw new UsageError(`${source} was modified after it was written (content hash mismatch): run plan again instead of editing a plan.`);
  }
  return parsed.data;
}

function checkFormatVersion(version: unknown, writtenBy: string | undefined, source: string): void {
  if (typeof version === 'number' && SUPPORTED_PLAN_FORMAT_VERSIONS.includes(version)) return;
  const by = writtenBy === undefined ? 'an unknown tool version' : `${toolName} ${writtenBy}`;
  throw new UsageError(
    `${source} has plan format version ${JSON.stringify(version)}, written by ${by}; this ${toolName} ${currentToolVersion} reads format version${SUPPORTED_PLAN_FORMAT_VERSIONS.length === 1 ? '' : 's'} ${SUPPORTED_PLAN_FORMAT_VERSIONS.join(', ')}. Use the ${toolName} version that wrote the plan, or run plan again.`,
  );
}
