import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

/** The Swagger 2.0 documents the emulator serves, relative to the openapi directory. */
export const SPEC_FILES: readonly string[] = [
  'specification/machinelearningservices/resource-manager/Microsoft.MachineLearningServices/stable/2025-06-01/workspaceRP.json',
  'specification/machinelearningservices/resource-manager/Microsoft.MachineLearningServices/stable/2025-06-01/machineLearningServices.json',
  'specification/machinelearningservices/resource-manager/Microsoft.MachineLearningServices/stable/2025-06-01/mfe.json',
  'specification/keyvault/resource-manager/Microsoft.KeyVault/stable/2025-05-01/keyvault.json',
  'specification/keyvault/resource-manager/Microsoft.KeyVault/stable/2025-05-01/keys.json',
  'specification/storage/resource-manager/Microsoft.Storage/stable/2025-08-01/storage.json',
  'specification/resources/resource-manager/Microsoft.Resources/subscriptions/stable/2022-12-01/subscriptions.json',
  'specification/resources/resource-manager/Microsoft.Resources/stable/2021-04-01/resources.json',
  'specification/resourcegraph/resource-manager/Microsoft.ResourceGraph/stable/2024-04-01/resourcegraph.json',
  'specification/authorization/resource-manager/Microsoft.Authorization/stable/2022-04-01/authorization-RoleAssignmentsCalls.json',
  'specification/network/resource-manager/Microsoft.Network/stable/2025-03-01/privateEndpoint.json',
  'specification/network/resource-manager/Microsoft.Network/stable/2025-03-01/virtualNetwork.json',
  'specification/privatedns/resource-manager/Microsoft.Network/stable/2024-06-01/privatedns.json',
];

/**
 * Documents whose definitions are property subsets of the published ones (see SOURCES.md): unknown properties are
 * allowed there, because the real resource carries properties the excerpt left out.
 */
export const SUBSET_FILES: ReadonlySet<string> = new Set([
  'specification/storage/resource-manager/Microsoft.Storage/stable/2025-08-01/storage.json',
  'specification/storage/resource-manager/Microsoft.Storage/stable/2025-08-01/common.json',
  'specification/network/resource-manager/Microsoft.Network/stable/2025-03-01/virtualNetwork.json',
  'specification/network/resource-manager/Microsoft.Network/stable/2025-03-01/network.json',
  'specification/network/resource-manager/Microsoft.Network/stable/2025-03-01/networkInterface.json',
  'specification/network/resource-manager/Microsoft.Network/stable/2025-03-01/applicationSecurityGroup.json',
  'specification/network/resource-manager/Microsoft.Network/stable/2025-03-01/privateLinkService.json',
]);

export type JsonObject = Record<string, unknown>;

/** A resolved `$ref`: the document (relative path) and the JSON pointer inside it. */
export interface RefTarget {
  file: string;
  pointer: string;
}

/** Loads documents lazily by relative path and resolves `$ref`s across them. */
export class SpecDocuments {
  private readonly docs = new Map<string, JsonObject>();

  constructor(private readonly rootDir: string) {}

  get(file: string): JsonObject {
    let doc = this.docs.get(file);
    if (!doc) {
      doc = JSON.parse(readFileSync(join(this.rootDir, file), 'utf8')) as JsonObject;
      this.docs.set(file, doc);
    }
    return doc;
  }

  /** Resolve `ref` written in `fromFile` to its target document and pointer. */
  resolveRef(fromFile: string, ref: string): RefTarget {
    const hash = ref.indexOf('#');
    const filePart = hash < 0 ? ref : ref.slice(0, hash);
    const pointer = hash < 0 ? '' : ref.slice(hash + 1);
    const file = filePart === '' ? fromFile : normalize(join(dirname(fromFile), filePart)).split('\\').join('/');
    return { file, pointer };
  }

  /** The value at `target` (throws, naming the ref, if it is missing: a broken spec must fail loudly). */
  at(target: RefTarget): unknown {
    let node: unknown = this.get(target.file);
    for (const raw of target.pointer.split('/').slice(1)) {
      const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      if (node === null || typeof node !== 'object' || !(key in node)) {
        throw new Error(`Unresolvable $ref ${target.file}#${target.pointer}`);
      }
      node = (node as JsonObject)[key];
    }
    return node;
  }

  /** Follow `$ref` chains until a non-reference object (used for parameters and responses). */
  deref(fromFile: string, node: unknown): { file: string; value: JsonObject } {
    let file = fromFile;
    let value = node as JsonObject;
    for (let i = 0; typeof value?.$ref === 'string' && i < 20; i++) {
      const target = this.resolveRef(file, value.$ref as string);
      file = target.file;
      value = this.at(target) as JsonObject;
    }
    return { file, value };
  }
}
