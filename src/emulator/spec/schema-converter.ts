import { SUBSET_FILES, type JsonObject, type RefTarget, type SpecDocuments } from './spec-documents.js';

/**
 * Turns Swagger 2.0 schemas into self-contained JSON Schemas (draft-07, for ajv).
 *
 * - `allOf` inheritance is flattened into one object schema, so an object that declares properties refuses unknown
 *   ones (`additionalProperties: false`), except in documents that are property subsets of the real API.
 * - A `$ref` to a definition with a `discriminator` becomes an if/then/else chain on the discriminator value over
 *   every definition that inherits from it (value: `x-ms-discriminator-value`, else the definition name); a value no
 *   subtype claims is checked against the base, whose enum refuses unknown values.
 * - `readOnly` properties are accepted in both directions, but never required in a request; secrets
 *   (`x-ms-secret`, `x-ms-mutability` without `read`) are accepted in responses but never required there.
 * - A bare `type: object` (no properties, no additionalProperties) is free-form, as AutoRest treats it.
 * - `x-nullable: true` admits null; `format` is not checked (Azure's date-time, uuid and int32 are lenient in practice).
 */
export type SchemaDirection = 'request' | 'response';
type Schema = JsonObject;

const DEFINITIONS = '/definitions/';

export class SchemaConverter {
  /** discriminator root key → direct subtypes */
  private subtypeIndex: Map<string, RefTarget[]> | undefined;

  constructor(
    private readonly docs: SpecDocuments,
    /** Documents scanned for subtypes of discriminated definitions. */
    private readonly scannedFiles: readonly string[],
  ) {}

  /** A JSON Schema for `node` (found in `file`) with every definition it reaches under `definitions`. */
  build(file: string, node: unknown, direction: SchemaDirection): Schema {
    const build = new SchemaBuild(this, direction);
    const root = build.convert(file, node);
    return { ...root, definitions: build.definitions };
  }

  subtypesOf(target: RefTarget): RefTarget[] {
    if (!this.subtypeIndex) this.subtypeIndex = this.indexSubtypes();
    return this.subtypeIndex.get(keyOf(target)) ?? [];
  }

  get documents(): SpecDocuments {
    return this.docs;
  }

  private indexSubtypes(): Map<string, RefTarget[]> {
    const index = new Map<string, RefTarget[]>();
    const files = new Set(this.scannedFiles);
    for (const file of files) {
      const definitions = (this.docs.get(file).definitions ?? {}) as Record<string, JsonObject>;
      for (const [name, def] of Object.entries(definitions)) {
        for (const item of (def.allOf ?? []) as JsonObject[]) {
          if (typeof item.$ref !== 'string') continue;
          const parent = this.docs.resolveRef(file, item.$ref);
          const key = keyOf(parent);
          const list = index.get(key) ?? [];
          list.push({ file, pointer: `${DEFINITIONS}${name}` });
          index.set(key, list);
        }
      }
    }
    return index;
  }
}

function keyOf(target: RefTarget): string {
  return `${target.file}#${target.pointer}`;
}

function definitionName(target: RefTarget): string {
  return target.pointer.slice(DEFINITIONS.length);
}

interface Collected {
  properties: Map<string, { file: string; schema: JsonObject }>;
  required: Set<string>;
  additional: { file: string; schema: unknown } | undefined;
  extraAllOf: Schema[];
}

/** One schema build: collects the definitions reached from one operation's body or response. */
class SchemaBuild {
  readonly definitions: Record<string, Schema> = {};
  private readonly ids = new Map<string, string>();

  constructor(
    private readonly converter: SchemaConverter,
    private readonly direction: SchemaDirection,
  ) {}

  private get docs(): SpecDocuments {
    return this.converter.documents;
  }

  convert(file: string, raw: unknown): Schema {
    if (raw === null || typeof raw !== 'object') return {};
    const node = raw as JsonObject;
    let schema: Schema;
    if (typeof node.$ref === 'string') {
      schema = this.convertRef(file, node.$ref);
    } else if (this.isObjectLike(file, node)) {
      schema = this.convertObject(file, node);
    } else {
      schema = this.convertScalar(file, node);
    }
    return node['x-nullable'] === true ? nullable(schema) : schema;
  }

  private convertRef(file: string, ref: string): Schema {
    const target = this.docs.resolveRef(file, ref);
    if (!target.pointer.startsWith(DEFINITIONS) || target.pointer.indexOf('/', DEFINITIONS.length) >= 0) {
      return this.convert(target.file, this.docs.at(target));
    }
    const def = this.docs.at(target) as JsonObject;
    const poly = typeof def.discriminator === 'string' && this.converter.subtypesOf(target).length > 0;
    return { $ref: `#/definitions/${this.define(target, poly ? 'poly' : 'base')}` };
  }

  /** Registers (once) the schema of a definition and returns its key in `definitions`. */
  private define(target: RefTarget, variant: 'base' | 'poly'): string {
    const key = `${keyOf(target)}|${variant}`;
    const known = this.ids.get(key);
    if (known) return known;
    const id = `${definitionName(target).replace(/[^A-Za-z0-9_.-]/g, '_')}_${this.ids.size}${variant === 'poly' ? '_poly' : ''}`;
    this.ids.set(key, id);
    this.definitions[id] = {}; // placeholder: recursion finds the id
    const def = this.docs.at(target) as JsonObject;
    this.definitions[id] = variant === 'poly' ? this.polymorphic(target, def) : this.convertDefinition(target, def);
    return id;
  }

  private convertDefinition(target: RefTarget, def: JsonObject): Schema {
    const schema = this.isObjectLike(target.file, def) ? this.convertObject(target.file, def) : this.convertScalar(target.file, def);
    return def['x-nullable'] === true ? nullable(schema) : schema;
  }

  private polymorphic(root: RefTarget, def: JsonObject): Schema {
    const property = def.discriminator as string;
    const variants: { value: string; id: string }[] = [];
    const seen = new Set<string>();
    const visit = (parent: RefTarget): void => {
      for (const sub of this.converter.subtypesOf(parent)) {
        if (seen.has(keyOf(sub))) continue;
        seen.add(keyOf(sub));
        const subDef = this.docs.at(sub) as JsonObject;
        const value = typeof subDef['x-ms-discriminator-value'] === 'string' ? subDef['x-ms-discriminator-value'] : definitionName(sub);
        variants.push({ value, id: this.define(sub, 'base') });
        visit(sub);
      }
    };
    visit(root);
    let schema: Schema = { $ref: `#/definitions/${this.define(root, 'base')}` };
    for (const { value, id } of variants.reverse()) {
      schema = {
        if: { properties: { [property]: { const: value } }, required: [property] },
        then: { $ref: `#/definitions/${id}` },
        else: schema,
      };
    }
    return { type: 'object', required: [property], ...schema };
  }

  private isObjectLike(file: string, node: JsonObject): boolean {
    if (typeof node.type === 'string' && node.type !== 'object') return false;
    if (node.type === 'object' || node.properties !== undefined || node.additionalProperties !== undefined) return true;
    if (!Array.isArray(node.allOf)) return false;
    return (node.allOf as JsonObject[]).some((item) => {
      const { file: f, value } = this.docs.deref(file, item);
      return this.isObjectLike(f, value);
    });
  }

  private convertObject(file: string, node: JsonObject): Schema {
    const collected: Collected = { properties: new Map(), required: new Set(), additional: undefined, extraAllOf: [] };
    this.collect(file, node, collected, new Set());
    const properties: Record<string, Schema> = {};
    const required: string[] = [];
    for (const [name, { file: f, schema }] of collected.properties) {
      properties[name] = this.convert(f, schema);
      if (collected.required.has(name) && this.isSent(f, schema)) required.push(name);
    }
    // A bare `type: object` is free-form in AutoRest (e.g. Resource Graph's `data`, an array in objectArray format).
    const freeForm = collected.properties.size === 0 && collected.additional === undefined && collected.extraAllOf.length === 0;
    if (freeForm) return {};
    const schema: Schema = { type: 'object' };
    if (collected.properties.size > 0) schema.properties = properties;
    if (required.length > 0) schema.required = required;
    const additional = collected.additional;
    if (additional) {
      schema.additionalProperties = typeof additional.schema === 'object' ? this.convert(additional.file, additional.schema) : additional.schema;
    } else if (collected.properties.size > 0 && !SUBSET_FILES.has(file)) {
      schema.additionalProperties = false;
    }
    if (collected.extraAllOf.length > 0) schema.allOf = collected.extraAllOf;
    return schema;
  }

  /** Merges `node` and its `allOf` ancestors (ancestors first, so the descendant's declarations win). */
  private collect(file: string, node: JsonObject, into: Collected, seen: Set<string>): void {
    for (const item of (node.allOf ?? []) as JsonObject[]) {
      const { file: f, value } = this.docs.deref(file, item);
      const key = typeof item.$ref === 'string' ? keyOf(this.docs.resolveRef(file, item.$ref)) : undefined;
      if (key && seen.has(key)) continue;
      if (key) seen.add(key);
      if (this.isObjectLike(f, value)) this.collect(f, value, into, seen);
      else into.extraAllOf.push(this.convert(file, item));
    }
    for (const [name, schema] of Object.entries((node.properties ?? {}) as Record<string, JsonObject>)) {
      into.properties.set(name, { file, schema });
    }
    for (const name of (node.required ?? []) as string[]) into.required.add(name);
    if (node.additionalProperties !== undefined) into.additional = { file, schema: node.additionalProperties };
  }

  /**
   * Whether a property travels in this direction, so that `required` applies to it: read-only ones
   * (`readOnly`, `x-ms-mutability: [read]`) are not sent in requests; secrets (`x-ms-secret`, or mutability without
   * `read`) are not returned in responses.
   */
  private isSent(file: string, schema: JsonObject): boolean {
    const target = typeof schema.$ref === 'string' ? this.docs.deref(file, schema).value : undefined;
    const flag = (key: string): unknown => schema[key] ?? target?.[key];
    const mutability = flag('x-ms-mutability') as string[] | undefined;
    if (this.direction === 'request') {
      return !(flag('readOnly') === true || (Array.isArray(mutability) && !mutability.includes('create') && !mutability.includes('update')));
    }
    return !(flag('x-ms-secret') === true || (Array.isArray(mutability) && !mutability.includes('read')));
  }

  private convertScalar(file: string, node: JsonObject): Schema {
    const schema: Schema = {};
    if (typeof node.type === 'string' && node.type !== 'file') schema.type = node.type;
    for (const keyword of ['enum', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minItems', 'maxItems', 'uniqueItems', 'multipleOf']) {
      if (node[keyword] !== undefined) schema[keyword] = node[keyword];
    }
    // draft-04 style booleans (Swagger 2.0) → draft-07 numbers
    if (schema.exclusiveMinimum === true) {
      schema.exclusiveMinimum = schema.minimum;
      delete schema.minimum;
    } else if (schema.exclusiveMinimum === false) delete schema.exclusiveMinimum;
    if (schema.exclusiveMaximum === true) {
      schema.exclusiveMaximum = schema.maximum;
      delete schema.maximum;
    } else if (schema.exclusiveMaximum === false) delete schema.exclusiveMaximum;
    if (node.items !== undefined) schema.items = this.convert(file, node.items);
    if (Array.isArray(node.allOf)) schema.allOf = (node.allOf as unknown[]).map((item) => this.convert(file, item));
    return schema;
  }
}

function nullable(schema: Schema): Schema {
  if (typeof schema.type === 'string' && schema.$ref === undefined && schema.if === undefined) {
    const out: Schema = { ...schema, type: [schema.type, 'null'] };
    if (Array.isArray(schema.enum)) out.enum = [...(schema.enum as unknown[]), null];
    return out;
  }
  return { anyOf: [{ type: 'null' }, schema] };
}
