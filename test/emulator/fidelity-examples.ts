import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findOpenapiDir } from '../../src/emulator/spec/openapi-dir.js';
import { SPEC_FILES, SpecDocuments, type JsonObject } from '../../src/emulator/spec/spec-documents.js';

/** An official request/response example (Azure/azure-rest-api-specs) with the spec operation it illustrates. */
export interface OfficialExample {
  /** Path relative to the openapi directory, e.g. `specification/.../examples/Workspace/create.json`. */
  id: string;
  specFile: string;
  method: string;
  template: string;
  operationId: string;
  /** Name of the operation's body parameter, if it takes one. */
  bodyParameter: string | undefined;
  /** Every parameter name the operation declares (path, query, header, body). */
  declaredParameters: readonly string[];
  /** Path parameters that may span several segments (`x-ms-skip-url-encoding`, e.g. `{scope}`). */
  rawPathParameters: ReadonlySet<string>;
  /** Query parameters the operation requires (besides api-version). */
  requiredQuery: readonly string[];
  /** The spec's api-version (`info.version`), which the emulator implements. */
  apiVersion: string;
  parameters: Record<string, unknown>;
  responses: Record<string, { body?: unknown; headers?: Record<string, string> }>;
}

export const OPENAPI_DIR = findOpenapiDir();

/**
 * Examples the specs do not link through `x-ms-examples` (another api-version's folder, or a TypeSpec examples
 * folder the swagger's relative path does not reach), mapped to their operation by hand.
 */
const UNLINKED: Record<string, string> = {
  'examples/keyvault-2024-11-01/getVault.json': 'Vaults_Get',
  'examples/keyvault-2024-11-01/getKey.json': 'Keys_Get',
  'examples/keyvault-2024-11-01/createKey.json': 'Keys_CreateIfNotExist',
  'examples/storage-2025-01-01/StorageAccountGetProperties.json': 'StorageAccounts_GetProperties',
  'specification/resources/resource-manager/Microsoft.Resources/subscriptions/examples/2022-12-01/GetSubscriptions.json': 'Subscriptions_List',
};

/** Every example file under the openapi directory; throws for one that maps to no operation. */
export function loadOfficialExamples(): OfficialExample[] {
  const docs = new SpecDocuments(OPENAPI_DIR);
  const byExample = new Map<string, Omit<OfficialExample, 'id' | 'parameters' | 'responses'>>();
  const byOperationId = new Map<string, Omit<OfficialExample, 'id' | 'parameters' | 'responses'>>();
  for (const specFile of SPEC_FILES) {
    const doc = docs.get(specFile);
    for (const [template, item] of Object.entries((doc.paths ?? {}) as Record<string, JsonObject>)) {
      for (const [method, raw] of Object.entries(item)) {
        if (method === 'parameters' || typeof raw !== 'object' || raw === null) continue;
        const op = raw as JsonObject;
        let bodyParameter: string | undefined;
        const rawPathParameters = new Set<string>();
        const requiredQuery: string[] = [];
        const declaredParameters: string[] = [];
        for (const p of [...((item.parameters ?? []) as unknown[]), ...((op.parameters ?? []) as unknown[])]) {
          const { value } = docs.deref(specFile, p);
          declaredParameters.push(value.name as string);
          if (value.in === 'body') bodyParameter = value.name as string;
          if (value.in === 'path' && value['x-ms-skip-url-encoding'] === true) rawPathParameters.add(value.name as string);
          if (value.in === 'query' && value.required === true && value.name !== 'api-version') requiredQuery.push(value.name as string);
        }
        const apiVersion = String((doc.info as JsonObject).version);
        const info = { specFile, method: method.toUpperCase(), template, operationId: String(op.operationId), bodyParameter, declaredParameters, rawPathParameters, requiredQuery, apiVersion };
        byOperationId.set(info.operationId, info);
        for (const ex of Object.values((op['x-ms-examples'] ?? {}) as Record<string, { $ref: string }>)) {
          byExample.set(docs.resolveRef(specFile, ex.$ref).file, info);
        }
      }
    }
  }
  return listExampleFiles(OPENAPI_DIR).map((id) => {
    const info = byExample.get(id) ?? byOperationId.get(UNLINKED[id] ?? '');
    if (!info) throw new Error(`Official example ${id} maps to no spec operation: add it to UNLINKED in fidelity-examples.ts`);
    const json = JSON.parse(readFileSync(join(OPENAPI_DIR, id), 'utf8')) as OfficialExample;
    return { ...info, id, parameters: json.parameters, responses: json.responses };
  });
}

function listExampleFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, inExamples: boolean): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full, inExamples || name === 'examples');
      else if (inExamples && name.endsWith('.json')) out.push(relative(root, full).split('\\').join('/'));
    }
  };
  walk(root, false);
  return out;
}

/** The example's request path: its parameters substituted into the operation's template. */
export function examplePath(example: OfficialExample, overrides: Record<string, string> = {}): string {
  return example.template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = overrides[name] ?? example.parameters[name];
    if (typeof value !== 'string') throw new Error(`${example.id}: no value for path parameter {${name}}`);
    return example.rawPathParameters.has(name) ? value.replace(/^\/+/, '') : encodeURIComponent(value);
  });
}

/**
 * Path and query for sending the example: the spec's api-version (the example files of other api-versions are mapped to
 * this spec's operation) and the required query parameters only; the optional ones in the generated examples are
 * placeholders such as `$skipToken=string`.
 */
export function exampleUrl(example: OfficialExample, overrides: Record<string, string> = {}): string {
  const query = new URLSearchParams({ 'api-version': example.apiVersion });
  for (const name of example.requiredQuery) query.set(name, String(example.parameters[name]));
  return `${examplePath(example, overrides)}?${query.toString()}`;
}

/** The example's parameter that carries the request body (see exampleBodyParameter). */
export function exampleBody(example: OfficialExample): unknown {
  const name = exampleBodyParameter(example);
  return name === undefined ? undefined : example.parameters[name];
}

/**
 * The name under which the example carries the body: the spec's body parameter name, or else the one parameter the
 * operation does not declare (some examples name it differently, e.g. Workspace/update.json says `parameters` where
 * the spec says `body`). undefined when the operation takes no body.
 */
export function exampleBodyParameter(example: OfficialExample): string | undefined {
  if (example.bodyParameter === undefined) return undefined;
  if (example.bodyParameter in example.parameters) return example.bodyParameter;
  const undeclared = Object.keys(example.parameters).filter((k) => !example.declaredParameters.includes(k));
  if (undeclared.length === 1) return undeclared[0];
  return undefined;
}
