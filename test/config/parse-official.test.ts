import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseWorkspaceYaml } from '../../src/config/parse-workspace-yaml.js';
import { writeWorkspaceYaml } from '../../src/config/write-workspace-yaml.js';
import { FIXTURE_YAML_DIR, yamlFilesUnder } from './fixtures.js';

const files = yamlFilesUnder(FIXTURE_YAML_DIR);
const read = (file: string) => readFileSync(join(FIXTURE_YAML_DIR, file), 'utf8');
/** What PyYAML (YAML 1.1) would load, without our schema: the reference for "nothing lost". */
const raw = (file: string) => parse(read(file), { version: '1.1' }) as Record<string, any>;

describe.each(files)('official file %s', (file) => {
  it('parses, keeping every key and value (rules in list form)', () => {
    const model = parseWorkspaceYaml(read(file), { source: file });
    const expected = raw(file);
    const rules = expected.managed_network?.outbound_rules;
    if (rules && !Array.isArray(rules)) {
      expected.managed_network.outbound_rules = Object.entries(rules).map(([name, rule]) => ({ name, ...(rule as object) }));
    }
    expect(model).toEqual(expected);
  });

  it('keeps its meaning when written back and parsed again', () => {
    const model = parseWorkspaceYaml(read(file), { source: file });
    const written = writeWorkspaceYaml(model);
    expect(parseWorkspaceYaml(written, { source: `${file} (written)` })).toEqual(model);
    // Writing is stable: a second round trip gives the same text.
    expect(writeWorkspaceYaml(parseWorkspaceYaml(written))).toBe(written);
  });
});

describe('official files in detail', () => {
  it('turns the older map form of outbound_rules into the list form with the same rules, in file order', () => {
    const model = parseWorkspaceYaml(read('azure-ai-ml-test_configs/workspace_update_mvnet.yaml'));
    expect(model.managed_network?.isolation_mode).toBe('allow_only_approved_outbound');
    expect(model.managed_network?.outbound_rules).toEqual([
      { name: 'added-servicetagrule', type: 'service_tag', destination: { port_ranges: '80, 8080-8089', protocol: 'TCP', service_tag: 'DataFactory' } },
      {
        name: 'added-perule',
        type: 'private_endpoint',
        destination: {
          service_resource_id: '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/MyGroup/providers/Microsoft.Storage/storageAccounts/MyAccount',
          spark_enabled: true,
          subresource_target: 'blob',
        },
      },
      { name: 'added-fqdnrule', type: 'fqdn', destination: 'test.com' },
    ]);
    const written = writeWorkspaceYaml(model);
    expect(written).toContain('  outbound_rules:\n  - name: added-servicetagrule\n    type: service_tag\n');
  });

  it('keeps keys it does not model: rule-level fqdns, destination pe_fqdn, top-level image_build_compute and private_endpoints', () => {
    const many = parseWorkspaceYaml(read('azure-ai-ml-test_configs/workspace_many_ob_rules.yaml'));
    expect(many.managed_network?.outbound_rules?.[1]).toMatchObject({ name: 'appGwRule', fqdns: ['contoso.com', 'contoso2.com'] });
    expect(many.managed_network?.outbound_rules?.[2]?.destination).toMatchObject({ address_prefixes: ['168.63.129.16', '10.0.0.0/24'] });
    const mvnet = parseWorkspaceYaml(read('azure-ai-ml-test_configs/workspace_mvnet.yaml'));
    expect(mvnet.managed_network?.outbound_rules?.[2]?.destination).toMatchObject({ data_import_enabled: true, pe_fqdn: 'test' });
    expect(parseWorkspaceYaml(read('azure-ai-ml-test_configs/workspace_full.yaml')).image_build_compute).toBe('some_compute_name');
    expect(parseWorkspaceYaml(read('azureml-examples/private-endpoint.yml')).private_endpoints).toMatchObject({ approval_type: 'AutoApproval' });
  });

  it('reads the typed settings with their YAML spellings', () => {
    const full = parseWorkspaceYaml(read('azure-ai-ml-test_configs/workspace_full.yaml'));
    expect(full).toMatchObject({ public_network_access: 'enabled', hbi_workspace: true, serverless_compute: { no_public_ip: true } });
    expect(full.customer_managed_key?.key_uri).toBe('https://testwsswkeyvaultc4d0c78f.vault.azure.net/keys/cmkkey/e8049617bbae4308a7887c53f0fb4c5b');
    expect(parseWorkspaceYaml(read('azure-ai-ml-test_configs/workspace_mvnet_with_firewallsku.yaml')).managed_network?.firewall_sku).toBe('basic');
    expect(parseWorkspaceYaml(read('azureml-examples/mvnet-allow-internet-outbound.yml')).managed_network?.isolation_mode).toBe('allow_internet_outbound');
    expect(parseWorkspaceYaml(read('azureml-examples/cmk.yml')).description).toMatch(/^# Basic workspace\n.*\n## Description\n/);
  });
});
