import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { parseWorkspaceYaml } from '../../src/config/parse-workspace-yaml.js';
import { WorkspaceYamlError } from '../../src/config/workspace-yaml-problems.js';

function problemsOf(text: string, source = 'bad.yml'): WorkspaceYamlError {
  try {
    parseWorkspaceYaml(text, { source });
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect(error).toBeInstanceOf(WorkspaceYamlError);
    return error as WorkspaceYamlError;
  }
  throw new Error('expected parseWorkspaceYaml to throw');
}

const MANY_PROBLEMS = [
  /* 1 */ 'name: ws',
  /* 2 */ 'hbi_workspace: "yes"',
  /* 3 */ 'tags:',
  /* 4 */ '  owner: 42',
  /* 5 */ 'public_network_access: Disabled',
  /* 6 */ 'managed_network:',
  /* 7 */ '  isolation_mode: internet_outbound',
  /* 8 */ '  outbound_rules:',
  /* 9 */ '  - name: storage',
  /* 10 */ '    type: private_endpoint',
  /* 11 */ '    destination:',
  /* 12 */ '      service_resource_id: /subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st',
  /* 13 */ '      subresource_target: blob',
  /* 14 */ '  - name: svc',
  /* 15 */ '    type: service_tag',
  /* 16 */ '    destination:',
  /* 17 */ '      service_tag: DataFactory',
  /* 18 */ '      protocol: TCP',
  /* 19 */ '      port_ranges: 443',
  /* 20 */ '  - name: storage',
  /* 21 */ '    type: fqdn',
  /* 22 */ '    destination: pypi.org',
  /* 23 */ '  - name: bad',
  /* 24 */ '    type: firewall',
  /* 25 */ '    destination: x',
  '',
].join('\n');

describe('parseWorkspaceYaml problems', () => {
  it('reports every problem at once, each with its line, after a one-line summary', () => {
    const error = problemsOf(MANY_PROBLEMS);
    expect(error.problems.map((p) => [p.line, p.path])).toEqual([
      [2, 'hbi_workspace'],
      [4, 'tags.owner'],
      [5, 'public_network_access'],
      [7, 'managed_network.isolation_mode'],
      [11, 'managed_network.outbound_rules[0].destination.spark_enabled'],
      [19, 'managed_network.outbound_rules[1].destination.port_ranges'],
      [20, 'managed_network.outbound_rules[2]'],
      [24, 'managed_network.outbound_rules[3].type'],
    ]);
    const lines = error.message.split('\n');
    expect(lines[0]).toBe('bad.yml: 8 problems in the az ml workspace YAML; fix them and run again:');
    expect(lines.slice(1)).toEqual([
      '  line 2: hbi_workspace: must be a boolean, not "yes"',
      '  line 4: tags.owner: must be a string, not number 42 (put it in quotes to keep it text)',
      '  line 5: public_network_access: must be one of enabled, disabled, not "Disabled" (did you mean disabled?)',
      '  line 7: managed_network.isolation_mode: must be one of disabled, allow_internet_outbound, allow_only_approved_outbound, not "internet_outbound"',
      '  line 11: managed_network.outbound_rules[0].destination.spark_enabled: is required',
      '  line 19: managed_network.outbound_rules[1].destination.port_ranges: must be a string, not number 443 (put it in quotes to keep it text)',
      '  line 20: managed_network.outbound_rules[2]: duplicate rule name "storage"; rule names must be unique',
      '  line 24: managed_network.outbound_rules[3].type: must be one of private_endpoint, service_tag, fqdn, not "firewall"',
    ]);
  });

  it('reports YAML syntax errors with line and column', () => {
    const error = problemsOf('name: ws\nmanaged_network:\n  isolation_mode: [disabled\n  outbound_rules: x\n');
    expect(error.problems.length).toBeGreaterThan(0);
    expect(error.problems[0]).toMatchObject({ line: expect.any(Number), column: expect.any(Number) });
    expect(error.message.split('\n')[0]).toMatch(/^bad\.yml: \d+ problems? in the az ml workspace YAML/);
    expect(error.message.split('\n')[1]).toMatch(/^ {2}line \d+, column \d+: YAML syntax: /);
  });

  it('reports a duplicate key as a syntax problem on its line', () => {
    const error = problemsOf('name: a\nlocation: x\nname: b\n');
    expect(error.problems).toEqual([expect.objectContaining({ line: 3, column: 1, message: expect.stringMatching(/unique/) })]);
  });

  it('suggests the YAML spelling for a REST spelling', () => {
    const error = problemsOf('name: ws\nmanaged_network:\n  isolation_mode: AllowInternetOutbound\n');
    expect(error.problems).toEqual([
      { line: 3, path: 'managed_network.isolation_mode', message: expect.stringContaining('(did you mean allow_internet_outbound?)') },
    ]);
  });

  it('requires name and reports an empty file or a non-mapping', () => {
    expect(problemsOf('location: eastus\n').problems).toEqual([{ line: 1, path: 'name', message: 'is required' }]);
    expect(problemsOf('').message).toMatch(/must be a mapping of workspace settings .*found nothing/);
    expect(problemsOf('- a\n').problems[0]).toMatchObject({ line: 1, message: expect.stringContaining('found a list') });
  });

  it('locates problems in the older map form of outbound_rules by the rule key', () => {
    const text = [
      'name: ws',
      'managed_network:',
      '  isolation_mode: allow_internet_outbound',
      '  outbound_rules:',
      '    perule:',
      '      type: private_endpoint',
      '      destination:',
      '        service_resource_id: /subscriptions/x',
      '        subresource_target: blob',
      '    other:',
      '      name: different',
      '      type: fqdn',
      '      destination: a.org',
      '',
    ].join('\n');
    expect(problemsOf(text).problems).toEqual([
      { line: 7, path: 'managed_network.outbound_rules.perule.destination.spark_enabled', message: 'is required' },
      { line: 11, path: 'managed_network.outbound_rules.other.name', message: expect.stringContaining('listed under "other"') },
    ]);
  });

  it('checks the destination shape against the rule type', () => {
    const text = 'name: ws\nmanaged_network:\n  outbound_rules:\n  - name: f\n    type: fqdn\n    destination:\n      service_tag: x\n  - type: private_endpoint\n    destination: pypi.org\n';
    expect(problemsOf(text).problems.map((p) => `${p.line} ${p.path}: ${p.message}`)).toEqual([
      '6 managed_network.outbound_rules[0].destination: must be a string, not a mapping',
      '8 managed_network.outbound_rules[1].name: is required',
      '9 managed_network.outbound_rules[1].destination: must be a mapping, not "pypi.org"',
    ]);
  });

  it('reads YAML 1.1 booleans as az ml (PyYAML) does', () => {
    const text = 'name: ws\nhbi_workspace: yes\nmanaged_network:\n  outbound_rules:\n  - name: p\n    type: private_endpoint\n    destination: {service_resource_id: /s, subresource_target: blob, spark_enabled: on}\n';
    const model = parseWorkspaceYaml(text);
    expect(model.hbi_workspace).toBe(true);
    expect(model.managed_network?.outbound_rules?.[0]?.destination).toMatchObject({ spark_enabled: true });
  });
});
