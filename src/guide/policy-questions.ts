import { parseResourceId } from '../model/resource-id.js';
import type { ObservedContext, ObservedVault, ObservedWorkspace } from '../plan/observed.js';
import type { PolicyInput } from '../plan/policy-schema.js';
import { keyEligibility, vaultEligibility } from './eligibility.js';
import { confirmQuestion, inputQuestion, selectQuestion, type GuideHost } from './question.js';
import { parseTag, subresourcesFor, validateKeyName, validateSubresource, validateTag } from './validate.js';
import type { GuideWorld } from './world.js';

/** What the guide asks beyond the workspaces themselves, as policy input; only what cannot be inferred. */
export interface PolicyAnswers {
  input: PolicyInput;
}

const NEW_KEY = '\u0000new-key';
const DONE = '';

export async function askPolicy(world: GuideWorld, host: GuideHost, ctx: ObservedContext): Promise<PolicyAnswers> {
  const input: PolicyInput = {};
  const answers: PolicyAnswers = { input };
  const cmk = await askCustomerManagedKey(world, host, ctx);
  if (cmk) {
    input.customerManagedKey = { required: true, keyVaultId: cmk.keyVaultId, keyName: cmk.keyName, ...(cmk.create ? { createKey: true } : {}) };
  }
  if (ctx.workspaces.some((w) => w.workspace.properties.hbiWorkspace !== true)) {
    const hbi = await host.ask(confirmQuestion('hbi', 'Make the workspaces High Business Impact (HBI: less diagnostic data collected by Microsoft, extra encryption)? This forces re-creation: hbiWorkspace can only be set at creation.', false));
    if (hbi) input.hbi = true;
  }
  const spark = await host.ask(confirmQuestion('serverlessSpark', 'Provision the managed network for serverless Spark (the default storage blob rule becomes Spark-enabled)?', false));
  if (spark) input.serverlessSpark = true;
  const endpoints = await askPrivateEndpoints(world, host, ctx);
  if (endpoints.length) input.privateEndpoints = endpoints;
  const tagText = await host.ask(inputQuestion('tag', 'Tag added to every remediated workspace (name=value; empty for none):', 'aml-isolate=remediated', validateTag));
  const tag = parseTag(tagText);
  if (tag.ok) input.tag = tag.tag ?? false;
  return answers;
}

async function askCustomerManagedKey(world: GuideWorld, host: GuideHost, ctx: ObservedContext): Promise<{ keyVaultId: string; keyName: string; create: boolean } | undefined> {
  const without = ctx.workspaces.filter((w) => w.workspace.properties.encryption?.status !== 'Enabled');
  if (without.length === 0) return undefined;
  const wanted = await host.ask(confirmQuestion('cmk.required',
    `Encrypt with a customer-managed key (CMK)? ${without.length} selected workspace${without.length === 1 ? ' has' : 's have'} none; a key can only be set at creation, so ${without.length === 1 ? 'it' : 'they'} would be re-created.`, false));
  if (!wanted) return undefined;
  const subscriptions = [...new Set(without.map((w) => subscriptionOf(w)))];
  const vaults = (await Promise.all(subscriptions.map((s) => world.listVaults(s)))).flat();
  const judged = vaults.map((vault) => ({ vault, verdict: vaultEligibility(vault, without, ctx.cosmosDbPrincipalId) }));
  if (judged.length) {
    host.show(['Key vaults (a CMK vault needs soft delete, purge protection, the workspace\'s subscription and Cosmos DB key access):',
      ...judged.map(({ vault, verdict }) => `  ${verdict.ok ? 'ok ' : 'no '} ${vault.name}${verdict.ok ? '' : `: ${verdict.reasons.join(' ')}`}${verdict.warnings.length ? ` (${verdict.warnings.join(' ')})` : ''}`)].join('\n'));
  }
  const eligible = judged.filter((j) => j.verdict.ok);
  if (eligible.length === 0) {
    host.show(`No key vault in ${subscriptions.join(', ')} meets the prerequisites, so no customer-managed key is added. Fix a vault (see above) and run the guide again.`);
    return undefined;
  }
  const vaultId = await host.ask(selectQuestion('cmk.vault', 'Key vault for the customer-managed key:',
    judged.map(({ vault, verdict }) => ({ value: vault.id, name: vault.name, description: vault.id, ...(verdict.ok ? {} : { disabled: verdict.reasons[0] ?? 'does not meet the prerequisites' }) })),
    eligible[0]!.vault.id,
    (id) => (eligible.some((e) => e.vault.id === id) ? true : 'this vault does not meet the prerequisites')));
  const vault = eligible.find((e) => e.vault.id === vaultId)!.vault;
  return askKey(world, host, vault, without);
}

async function askKey(world: GuideWorld, host: GuideHost, vault: ObservedVault, workspaces: ObservedWorkspace[]) {
  const keys = await world.listKeys(vault.id);
  const judged = keys.map((key) => ({ key, verdict: keyEligibility(key, vault, workspaces) }));
  const usable = judged.filter((j) => j.verdict.ok);
  const choice = await host.ask(selectQuestion('cmk.key', `Key in ${vault.name}:`,
    [
      ...judged.map(({ key, verdict }) => ({ value: key.name, name: `${key.name} (${key.kty}${key.keySize ? ` ${key.keySize}` : ''})${verdict.warnings.length ? ` - ${verdict.warnings[0]}` : ''}`, ...(verdict.ok ? {} : { disabled: verdict.reasons[0] ?? 'unusable' }) })),
      { value: NEW_KEY, name: 'create a new RSA 3072 key' },
    ],
    usable[0]?.key.name ?? NEW_KEY,
    (name) => (name === NEW_KEY || usable.some((u) => u.key.name === name) ? true : 'this key cannot be used')));
  if (choice !== NEW_KEY) return { keyVaultId: vault.id, keyName: choice, create: false };
  const existing = keys.map((k) => k.name);
  const name = await host.ask(inputQuestion('cmk.newKeyName', 'Name of the new key:', freeKeyName(existing), (n) => validateKeyName(n, existing)));
  // Only the executor writes: the key becomes the plan's first step, created when the plan is applied.
  host.show(`Key ${name} (RSA 3072) will be created in ${vault.name} as the plan's first step when it is applied.`);
  return { keyVaultId: vault.id, keyName: name, create: true };
}

export function freeKeyName(existing: readonly string[]): string {
  const taken = new Set(existing.map((k) => k.toLowerCase()));
  for (let i = 1; ; i++) {
    const name = i === 1 ? 'aml-cmk' : `aml-cmk-${i}`;
    if (!taken.has(name)) return name;
  }
}

async function askPrivateEndpoints(world: GuideWorld, host: GuideHost, ctx: ObservedContext) {
  const rules: { serviceResourceId: string; subresourceTarget: string; sparkEnabled: boolean }[] = [];
  const add = await host.ask(confirmQuestion('privateEndpoints.add', 'Add private-endpoint outbound rules to other resources (storage accounts, key vaults, registries) in the subscription?', false));
  if (!add) return rules;
  const subscriptions = [...new Set(ctx.workspaces.map(subscriptionOf))];
  const targets = (await Promise.all(subscriptions.map((s) => world.listPrivateEndpointTargets(s)))).flat().filter((t) => subresourcesFor(t.type).length > 0);
  if (targets.length === 0) {
    host.show('No storage account, key vault or registry was found in the subscription.');
    return rules;
  }
  for (let more = true; more; ) {
    const id = await host.ask(selectQuestion('privateEndpoints.resource', 'Resource to reach through a private endpoint:',
      [...targets.map((t) => ({ value: t.id, name: `${t.name} (${t.type})`, description: t.id })), { value: DONE, name: '(none: add no more)' }], targets[0]!.id));
    if (id === DONE) break;
    const target = targets.find((t) => t.id === id)!;
    const subs = subresourcesFor(target.type);
    const added = (s: string) => rules.some((r) => r.serviceResourceId === id && r.subresourceTarget === s);
    const sub = await host.ask(selectQuestion('privateEndpoints.subresource', `Subresource of ${target.name}:`,
      subs.map((s) => ({ value: s, name: s, ...(added(s) ? { disabled: 'already added' } : {}) })), subs.find((s) => !added(s)) ?? subs[0]!,
      (s) => {
        const verdict = validateSubresource(target.type, s);
        if (verdict !== true) return verdict;
        return added(s) ? `${target.name} ${s} is already added` : true;
      }));
    rules.push({ serviceResourceId: id, subresourceTarget: sub, sparkEnabled: false });
    more = await host.ask(confirmQuestion('privateEndpoints.more', 'Add another private-endpoint rule?', false));
  }
  return rules;
}

export function subscriptionOf(ws: ObservedWorkspace): string {
  return parseResourceId(ws.workspace.id)?.subscriptionId ?? '';
}

