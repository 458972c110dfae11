import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseDocument, isMap, isScalar } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseWorkspaceYaml } from '../../src/config/parse-workspace-yaml.js';
import { specToWorkspaceYaml } from '../../src/config/spec-to-workspace-yaml.js';
import { findTemplate } from '../../src/config/template-path.js';
import { KEY_ORDER } from '../../src/config/workspace-yaml-model.js';
import { renderWorkspaceConfig } from '../../src/config/write-workspace-yaml.js';
import { aPeRule, aRecreateSpec, aTargetSpec, armId } from './builders.js';
import { expectGoldenWorkspaceConfig } from './golden.js';

const topLevelKeys = (text: string) => Object.keys(parse(text) as object);

describe('renderWorkspaceConfig golden files', () => {
  it('in-place target', () => {
    expectGoldenWorkspaceConfig('in-place', aTargetSpec());
  });

  it('recreate with CMK, HBI, Spark and extra private endpoint rules to a key vault and a registry', () => {
    expectGoldenWorkspaceConfig('recreate-cmk-hbi-spark', aRecreateSpec());
  });
});

describe('renderWorkspaceConfig', () => {
  it('maps the REST spellings of the spec to az ml YAML spellings', () => {
    const text = renderWorkspaceConfig(aRecreateSpec());
    const yaml = parse(text, { version: '1.1' });
    expect(yaml).toMatchObject({
      $schema: 'https://azuremlschemas.azureedge.net/latest/workspace.schema.json',
      name: 'mlw-recreate',
      resource_group: 'rg-ml',
      public_network_access: 'disabled',
      identity: { type: 'system_assigned' },
      hbi_workspace: true,
      customer_managed_key: {
        key_vault: armId('Microsoft.KeyVault', 'vaults', 'kv-cmk'),
        key_uri: 'https://kv-cmk.vault.azure.net/keys/ws-cmk/0123456789abcdef0123456789abcdef',
      },
      managed_network: { isolation_mode: 'allow_internet_outbound' },
    });
    // Read as YAML 1.1 (PyYAML), tag values that look like a boolean or a date stay strings.
    expect(yaml.tags).toEqual({ approved: 'yes', 'cost-center': '4711', env: 'prod', since: '2024-01-01' });
  });

  it('writes all three private_endpoint destination keys, also when spark_enabled is false', () => {
    const spec = aTargetSpec({
      managedNetwork: { isolationMode: 'AllowInternetOutbound', outboundRules: { blob: aPeRule(armId('Microsoft.Storage', 'storageAccounts', 'st2'), 'blob', false) } },
    });
    const rules = parse(renderWorkspaceConfig(spec)).managed_network.outbound_rules;
    expect(rules).toEqual([
      { name: 'blob', type: 'private_endpoint', destination: { service_resource_id: armId('Microsoft.Storage', 'storageAccounts', 'st2'), subresource_target: 'blob', spark_enabled: false } },
    ]);
  });

  it('keeps the template comments that apply and drops keys (with their comments) the spec has no value for', () => {
    const inPlace = renderWorkspaceConfig(aTargetSpec());
    expect(inPlace).toContain('# Create-only: high business impact');
    expect(inPlace).toContain('The service adds the Required rules');
    expect(inPlace).not.toContain('customer_managed_key');
    expect(inPlace).not.toContain('customer-managed key');
    expect(topLevelKeys(inPlace)).not.toEqual(expect.arrayContaining(['container_registry', 'display_name', 'description']));
    expect(inPlace).not.toMatch(/[A-Z_]{3,}_ID\b|WORKSPACE_NAME|DESCRIPTION/);

    const recreate = renderWorkspaceConfig(aRecreateSpec());
    expect(recreate).toContain('# Create-only: a customer-managed key can only be set when the workspace is created');
    expect(recreate).toMatch(/az ml workspace provision-network --name mlw-recreate --resource-group rg-ml --include-spark\n$/);
    expect(inPlace).toMatch(/az ml workspace provision-network --name mlw-inplace --resource-group rg-ml\n$/);
  });

  it('writes keys in the canonical order, and the template lists its keys in that order', () => {
    const order = (keys: string[]) => keys.map((k) => KEY_ORDER.workspace.indexOf(k as never));
    const isAscending = (xs: number[]) => xs.every((x, i) => x >= 0 && (i === 0 || x > xs[i - 1]!));
    const template = readFileSync(findTemplate('workspace-config.yml'), 'utf8');
    expect(isAscending(order(topLevelKeys(template)))).toBe(true);
    expect(isAscending(order(topLevelKeys(renderWorkspaceConfig(aRecreateSpec()))))).toBe(true);
  });

  it('is deterministic: the order of tags and rules in the spec does not matter', () => {
    const spec = aRecreateSpec();
    const reversed = {
      ...spec,
      tags: Object.fromEntries(Object.entries(spec.tags).reverse()),
      managedNetwork: { ...spec.managedNetwork, outboundRules: Object.fromEntries(Object.entries(spec.managedNetwork.outboundRules).reverse()) },
    };
    expect(renderWorkspaceConfig(reversed)).toBe(renderWorkspaceConfig(spec));
  });

  it('parses back with our parser to exactly the spec mapping', () => {
    for (const spec of [aTargetSpec(), aRecreateSpec()]) {
      expect(parseWorkspaceYaml(renderWorkspaceConfig(spec))).toEqual(specToWorkspaceYaml(spec));
    }
  });

  it('fills a given template, keeping its comments, and appends keys the template lacks', () => {
    const template = '# mine\nname: X # the name\nmanaged_network:\n  # note\n  isolation_mode: disabled\n';
    const text = renderWorkspaceConfig(aTargetSpec(), { template });
    const doc = parseDocument(text);
    expect(text).toContain('# mine\n');
    expect(text).toContain('name: mlw-inplace # the name\n');
    expect(text).toContain('  # note\n  isolation_mode: allow_internet_outbound\n');
    expect(isMap(doc.contents) && doc.contents.items.map((p) => (isScalar(p.key) ? p.key.value : p.key))).toEqual([
      'name', 'managed_network', '$schema', 'location', 'resource_group', 'tags', 'hbi_workspace', 'storage_account', 'key_vault',
      'application_insights', 'identity', 'public_network_access',
    ]);
  });

  it('refuses a template that is not a YAML mapping', () => {
    expect(() => renderWorkspaceConfig(aTargetSpec(), { template: '- a\n- b\n' })).toThrow(/template is not a YAML mapping/);
  });
});

describe('specToWorkspaceYaml', () => {
  it('omits optional settings the spec does not have', () => {
    const model = specToWorkspaceYaml(aTargetSpec({ applicationInsights: undefined }));
    expect(Object.keys(model)).toEqual([
      '$schema', 'name', 'location', 'resource_group', 'tags', 'hbi_workspace', 'storage_account', 'key_vault', 'identity',
      'public_network_access', 'managed_network',
    ]);
    expect(model.managed_network).toEqual({ isolation_mode: 'allow_internet_outbound', outbound_rules: [] });
  });
});

it('golden files are valid az ml YAML for our parser', () => {
  for (const name of ['in-place', 'recreate-cmk-hbi-spark']) {
    const path = join(import.meta.dirname, 'golden', `${name}.yml`);
    expect(() => parseWorkspaceYaml(readFileSync(path, 'utf8'), { source: path })).not.toThrow();
  }
});
