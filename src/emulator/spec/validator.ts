import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { findOpenapiDir } from './openapi-dir.js';
import { compilePathTemplate, matchPathTemplate, type PathTemplate } from './path-template.js';
import { SchemaConverter, type SchemaDirection } from './schema-converter.js';
import { SPEC_FILES, SpecDocuments, type JsonObject } from './spec-documents.js';

export interface SpecIssue {
  path: string;
  message: string;
}

export interface SpecValidator {
  /** undefined = no spec operation for that method+path */
  validateRequest(method: string, path: string, body: unknown): SpecIssue[] | undefined;
  validateResponse(method: string, path: string, status: number, body: unknown): SpecIssue[] | undefined;
}

export interface CreateSpecValidatorOptions {
  /** Directory holding `specification/...` (default: the package's src/emulator/openapi). */
  openapiDir?: string;
}

interface Operation {
  file: string;
  method: string;
  template: string;
  operationId: string;
  /** The body parameter, if the operation takes one. */
  body: { schema: unknown; required: boolean } | undefined;
  /** status ("200", "default") → schema (undefined = declared without a body) */
  responses: Map<string, unknown>;
}

const NO_BODY = Symbol('no body');

/**
 * Validates request and response bodies against the Swagger 2.0 documents the emulator serves. Documents load on
 * the first call; each operation's schema compiles once, on first use.
 */
export function createSpecValidator(options: CreateSpecValidatorOptions = {}): SpecValidator {
  let state: { templates: PathTemplate<Map<string, Operation>>[]; converter: SchemaConverter } | undefined;
  const compiled = new Map<string, ValidateFunction | typeof NO_BODY>();
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false });

  const load = () => {
    if (!state) {
      const docs = new SpecDocuments(options.openapiDir ?? findOpenapiDir());
      state = { templates: indexOperations(docs), converter: new SchemaConverter(docs, SPEC_FILES) };
    }
    return state;
  };

  const find = (method: string, path: string): Operation | undefined => {
    const match = matchPathTemplate(load().templates, path);
    return match?.value.get(method.toLowerCase());
  };

  const validatorFor = (key: string, file: string, schema: unknown, direction: SchemaDirection) => {
    let fn = compiled.get(key);
    if (fn === undefined) {
      fn = schema === undefined ? NO_BODY : ajv.compile(load().converter.build(file, schema, direction));
      compiled.set(key, fn);
    }
    return fn;
  };

  const run = (fn: ValidateFunction | typeof NO_BODY, body: unknown): SpecIssue[] => {
    if (fn === NO_BODY) return [];
    return fn(body) ? [] : toIssues(fn.errors ?? []);
  };

  return {
    validateRequest(method, path, body) {
      const op = find(method, path);
      if (!op) return undefined;
      if (!op.body) return [];
      if (body === undefined || body === null || body === '') {
        return op.body.required ? [{ path: '', message: `a request body is required by ${op.operationId}` }] : [];
      }
      return run(validatorFor(`${op.operationId}|${op.template}|request`, op.file, op.body.schema, 'request'), body);
    },
    validateResponse(method, path, status, body) {
      const op = find(method, path);
      if (!op) return undefined;
      let key = String(status);
      if (!op.responses.has(key)) {
        const declared = [...op.responses.keys()].join(', ');
        if (status < 400 || !op.responses.has('default')) {
          return [{ path: '', message: `status ${status} is not declared for ${op.operationId} (declared: ${declared})` }];
        }
        key = 'default';
      }
      const schema = op.responses.get(key);
      if (schema === undefined) return [];
      if (body === undefined || body === '') return [{ path: '', message: `${op.operationId} ${key} declares a body but none was sent` }];
      return run(validatorFor(`${op.operationId}|${op.template}|${key}`, op.file, schema, 'response'), body);
    },
  };
}

const METHODS = ['get', 'put', 'patch', 'post', 'delete', 'head'];

function indexOperations(docs: SpecDocuments): PathTemplate<Map<string, Operation>>[] {
  const templates: PathTemplate<Map<string, Operation>>[] = [];
  for (const file of SPEC_FILES) {
    const doc = docs.get(file);
    for (const section of ['paths', 'x-ms-paths']) {
      for (const [template, rawItem] of Object.entries((doc[section] ?? {}) as Record<string, JsonObject>)) {
        const operations = new Map<string, Operation>();
        const multi = new Set<string>();
        const shared = (rawItem.parameters ?? []) as unknown[];
        for (const method of METHODS) {
          const raw = rawItem[method] as JsonObject | undefined;
          if (!raw) continue;
          let body: Operation['body'];
          for (const p of [...shared, ...((raw.parameters ?? []) as unknown[])]) {
            const { file: pf, value } = docs.deref(file, p);
            if (value.in === 'body') body = { schema: rebase(docs, pf, file, value.schema), required: value.required === true };
            if (value.in === 'path' && value['x-ms-skip-url-encoding'] === true) multi.add(value.name as string);
          }
          const responses = new Map<string, unknown>();
          for (const [status, r] of Object.entries((raw.responses ?? {}) as Record<string, unknown>)) {
            const { file: rf, value } = docs.deref(file, r);
            responses.set(status, value.schema === undefined ? undefined : rebase(docs, rf, file, value.schema));
          }
          operations.set(method, { file, method, template, operationId: String(raw.operationId ?? `${method} ${template}`), body, responses });
        }
        templates.push(compilePathTemplate(template.split('?')[0]!, multi, operations));
      }
    }
  }
  return templates;
}

/**
 * A schema found in another document (through a `$ref`ed parameter) is only valid relative to that document: wrap
 * it in an absolute-from-`file` reference when the documents differ.
 */
function rebase(docs: SpecDocuments, schemaFile: string, file: string, schema: unknown): unknown {
  if (schemaFile === file) return schema;
  const s = schema as JsonObject;
  if (typeof s?.$ref === 'string') {
    const target = docs.resolveRef(schemaFile, s.$ref);
    return { $ref: `${relativeRef(file, target.file)}#${target.pointer}` };
  }
  throw new Error(`Inline body schema in ${schemaFile} referenced from ${file} is not supported`);
}

function relativeRef(from: string, to: string): string {
  const a = from.split('/').slice(0, -1);
  const b = to.split('/');
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/') || '.';
}

function toIssues(errors: ErrorObject[]): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    // the if/then chain (discriminators) and the null branch of x-nullable only add noise around the real error
    if (e.keyword === 'if' || e.keyword === 'anyOf') continue;
    if (e.keyword === 'type' && (e.params as { type?: unknown }).type === 'null') continue;
    const path = pointerToPath(e.instancePath);
    let message = e.message ?? e.keyword;
    if (e.keyword === 'additionalProperties') message = `unknown property '${(e.params as { additionalProperty: string }).additionalProperty}'`;
    if (e.keyword === 'enum') message = `must be one of ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`;
    if (e.keyword === 'type') {
      const type = (e.params as { type: string | string[] }).type;
      message = `must be ${Array.isArray(type) ? type.join(' or ') : type.split(',').join(' or ')}`;
    }
    if (e.keyword === 'required') message = `missing required property '${(e.params as { missingProperty: string }).missingProperty}'`;
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ path, message });
  }
  return issues;
}

/** JSON pointer → `properties.managedNetwork.outboundRules.rule1` / `value[0].name` */
function pointerToPath(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(key) ? `[${key}]` : out === '' ? key : `.${key}`;
  }
  return out;
}
