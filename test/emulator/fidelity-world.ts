import type { ArmClient } from './fidelity-harness.js';

const ML = '2025-06-01';
const KV = '2025-05-01';
const STORAGE = '2025-08-01';
const RG_API = '2022-09-01';
const AUTH = '2022-04-01';

/**
 * Builds the resources an example needs through the emulator's own ARM API. Every prerequisite must be accepted
 * (2xx, LRO Succeeded); a refusal is an emulator bug and fails the test with the request and the emulator's answer.
 */
export class World {
  constructor(
    private readonly arm: ArmClient,
    readonly subscriptionId: string,
    readonly tenantId: string,
  ) {}

  rgId(rg: string): string {
    return `/subscriptions/${this.subscriptionId}/resourceGroups/${rg}`;
  }

  async resourceGroup(rg: string): Promise<void> {
    await this.ok('PUT', `${this.rgId(rg)}?api-version=${RG_API}`, { location: 'eastus' });
  }

  async workspace(rg: string, name: string, properties: Record<string, unknown> = {}): Promise<string> {
    await this.resourceGroup(rg);
    const id = `${this.rgId(rg)}/providers/Microsoft.MachineLearningServices/workspaces/${name}`;
    await this.okLro('PUT', `${id}?api-version=${ML}`, { location: 'eastus', identity: { type: 'SystemAssigned' }, properties });
    return id;
  }

  async outboundRule(workspaceId: string, name: string, rule: Record<string, unknown>): Promise<void> {
    await this.okLro('PUT', `${workspaceId}/outboundRules/${name}?api-version=${ML}`, { properties: rule });
  }

  async workspaceChild(workspaceId: string, segment: string, name: string, body: unknown): Promise<void> {
    await this.okLro('PUT', `${workspaceId}/${segment}/${name}?api-version=${ML}`, body);
  }

  async vault(rg: string, name: string, properties: Record<string, unknown> = {}): Promise<string> {
    await this.resourceGroup(rg);
    const id = `${this.rgId(rg)}/providers/Microsoft.KeyVault/vaults/${name}`;
    await this.ok('PUT', `${id}?api-version=${KV}`, {
      location: 'eastus',
      properties: { tenantId: this.tenantId, sku: { family: 'A', name: 'standard' }, accessPolicies: [], ...properties },
    });
    return id;
  }

  async key(vaultId: string, name: string): Promise<void> {
    await this.ok('PUT', `${vaultId}/keys/${name}?api-version=${KV}`, { properties: { kty: 'RSA', keySize: 3072 } });
  }

  /** The storage spec here has GET only; the emulator's PUT takes an ARM-shaped body. */
  async storage(rg: string, name: string): Promise<void> {
    await this.resourceGroup(rg);
    await this.ok('PUT', `${this.rgId(rg)}/providers/Microsoft.Storage/storageAccounts/${name}?api-version=${STORAGE}`, {
      location: 'eastus',
      kind: 'StorageV2',
      sku: { name: 'Standard_LRS' },
      properties: {},
    });
  }

  async tracked(rg: string, type: string, name: string, apiVersion: string): Promise<void> {
    await this.resourceGroup(rg);
    await this.ok('PUT', `${this.rgId(rg)}/providers/${type}/${name}?api-version=${apiVersion}`, { location: 'eastus', properties: {} });
  }

  async roleAssignment(scope: string, name: string): Promise<void> {
    await this.ok('PUT', `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}?api-version=${AUTH}`, {
      properties: { roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/0b5fe924-9a61-425c-96af-cfe6e287ca2d', principalId: 'ce2ce14e-85d7-4629-bdbc-454d0519d987', principalType: 'User' },
    });
  }

  private async ok(method: string, url: string, body: unknown): Promise<void> {
    const res = await this.arm.send(method, url, body, { method, url, required: false });
    if (res.status < 200 || res.status > 299) throw new Error(`prerequisite ${method} ${url} refused: ${res.status} ${JSON.stringify(res.body)}`);
  }

  private async okLro(method: string, url: string, body: unknown): Promise<void> {
    const { first, final, status } = await this.arm.sendLro(method, url, body);
    if (first.status < 200 || first.status > 299 || (status !== undefined && status !== 'Succeeded') || final.status > 299) {
      throw new Error(`prerequisite ${method} ${url} failed: ${first.status} ${JSON.stringify(first.body)}; poll status ${status}; final ${final.status} ${JSON.stringify(final.body)}`);
    }
  }
}
