import { readFileSync } from 'node:fs';
import { Document, isMap, isScalar, parseDocument, type ToStringOptions, type YAMLMap } from 'yaml';
import { ToolError } from '../errors.js';
import type { TargetWorkspaceSpec } from '../plan/target-spec.js';
import { isPlainObject, YAML_VERSION } from './parse-workspace-yaml.js';
import { specToWorkspaceYaml } from './spec-to-workspace-yaml.js';
import { findTemplate } from './template-path.js';
import { KEY_ORDER, type OutboundRule, type WorkspaceYaml } from './workspace-yaml-model.js';

export { writeConfigFile, type WriteConfigFileOptions } from './config-file.js';

/** Block style like the official files (`- name:` under `outbound_rules:`), and no folding of long ARM ids. */
const TO_STRING: ToStringOptions = { indentSeq: false, lineWidth: 0 };

export interface RenderWorkspaceConfigOptions {
  /** Template text to fill; default: templates/workspace-config.yml of this package. */
  template?: string;
}

/**
 * workspace-config.yml for `az ml workspace create --file`, filled into the commented template: the template's
 * comments and key order are kept, keys the spec has no value for are dropped, and a closing comment says how to
 * provision the managed network afterwards. Deterministic for a given spec and template.
 */
export function renderWorkspaceConfig(spec: TargetWorkspaceSpec, options: RenderWorkspaceConfigOptions = {}): string {
  const template = options.template ?? readFileSync(findTemplate('workspace-config.yml'), 'utf8');
  const doc = parseDocument(template, { version: YAML_VERSION });
  if (doc.errors.length > 0 || !isMap(doc.contents)) {
    throw new ToolError(`The workspace-config.yml template is not a YAML mapping: ${doc.errors[0]?.message ?? 'no keys'}`);
  }
  fillMap(doc, doc.contents, orderWorkspaceYaml(specToWorkspaceYaml(spec)));
  // The blank line between the header comment and the first key is not kept by the parser; put it back.
  doc.contents.spaceBefore = true;
  const spark = spec.provision.includeSpark ? ' --include-spark' : '';
  doc.comment =
    ' After the workspace exists, provision its managed network' +
    (spec.provision.includeSpark ? ' with Spark' : '') +
    `:\n   az ml workspace provision-network --name ${spec.name} --resource-group ${spec.resourceGroup}${spark}`;
  return doc.toString(TO_STRING);
}

/** A model as YAML, keys in the canonical order (unknown keys after the known ones, as they came). For round trips. */
export function writeWorkspaceYaml(model: WorkspaceYaml): string {
  return new Document(orderWorkspaceYaml(model), { version: YAML_VERSION }).toString(TO_STRING);
}

/**
 * Sets the template's values from `value`, in place. Scalars are updated inside their existing nodes and block maps
 * are filled key by key, so comments attached to them survive; lists and flow maps are replaced whole.
 */
function fillMap(doc: Document, map: YAMLMap, value: Record<string, unknown>): void {
  const templateKeys = new Set<string>();
  for (const pair of [...map.items]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    templateKeys.add(key);
    const next = value[key];
    if (next === undefined) {
      map.delete(pair.key);
    } else if (isScalar(pair.value) && (next === null || typeof next !== 'object')) {
      pair.value.value = next;
      pair.value.type = undefined;
    } else if (isMap(pair.value) && !pair.value.flow && isPlainObject(next)) {
      fillMap(doc, pair.value, next);
    } else {
      pair.value = doc.createNode(next);
    }
  }
  for (const [key, next] of Object.entries(value)) {
    if (!templateKeys.has(key) && next !== undefined) map.set(key, doc.createNode(next));
  }
}

export function orderWorkspaceYaml(model: WorkspaceYaml): WorkspaceYaml {
  const ordered = orderKeys(model, KEY_ORDER.workspace);
  if (isPlainObject(model.customer_managed_key)) ordered.customer_managed_key = orderKeys(model.customer_managed_key, KEY_ORDER.customerManagedKey);
  if (isPlainObject(model.identity)) ordered.identity = orderKeys(model.identity, KEY_ORDER.identity);
  if (isPlainObject(model.managed_network)) {
    const network = orderKeys(model.managed_network, KEY_ORDER.managedNetwork);
    if (Array.isArray(model.managed_network.outbound_rules)) network.outbound_rules = model.managed_network.outbound_rules.map(orderRule);
    ordered.managed_network = network;
  }
  return ordered as WorkspaceYaml;
}

function orderRule(rule: OutboundRule): OutboundRule {
  const ordered = orderKeys(rule, KEY_ORDER.outboundRule);
  if (rule.type === 'private_endpoint') ordered.destination = orderKeys(rule.destination, KEY_ORDER.privateEndpointDestination);
  if (rule.type === 'service_tag') ordered.destination = orderKeys(rule.destination, KEY_ORDER.serviceTagDestination);
  return ordered as OutboundRule;
}

function orderKeys<T extends object>(value: T, order: readonly string[]): Record<string, unknown> {
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of order) if (source[key] !== undefined) out[key] = source[key];
  for (const [key, v] of Object.entries(source)) if (!(key in out) && v !== undefined) out[key] = v;
  return out;
}
