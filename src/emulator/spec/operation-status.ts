import { Ajv, type ValidateFunction } from 'ajv';
import { findOpenapiDir } from './openapi-dir.js';
import { SchemaConverter } from './schema-converter.js';
import { SpecDocuments } from './spec-documents.js';
import type { SpecIssue } from './validator.js';

const TYPES_V5 = 'specification/common-types/resource-management/v5/types.json';
/** Real polls answer InProgress, then Succeeded or Failed (FACTS: Long-running operations); ARM also allows Canceled. */
const STATUSES = ['InProgress', 'Succeeded', 'Failed', 'Canceled'];

let compiled: ValidateFunction | undefined;

/**
 * Validates an `Azure-AsyncOperation` poll body. The workspace specs declare no path for
 * `.../workspaceOperationsStatus/{id}`, so the ARM common type `OperationStatusResult` is the contract, with the
 * status values the service actually sends.
 */
export function validateOperationStatus(body: unknown, openapiDir?: string): SpecIssue[] {
  if (!compiled) {
    const docs = new SpecDocuments(openapiDir ?? findOpenapiDir());
    const converter = new SchemaConverter(docs, [TYPES_V5]);
    const schema = converter.build(TYPES_V5, { $ref: '#/definitions/OperationStatusResult' }, 'response');
    compiled = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile({
      allOf: [schema, { properties: { status: { enum: STATUSES } } }],
      definitions: schema.definitions,
    });
  }
  if (compiled(body)) return [];
  return (compiled.errors ?? []).map((e) => ({
    path: e.instancePath.split('/').slice(1).join('.'),
    message: e.keyword === 'enum' ? `must be one of ${JSON.stringify(STATUSES)}` : (e.message ?? e.keyword),
  }));
}
