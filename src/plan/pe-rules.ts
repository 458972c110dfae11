import type { ObservedContext, ObservedWorkspace } from './observed.js';
import type { TargetPrivateEndpointRule } from './target-spec.js';
import type { Policy } from './policy-schema.js';
import type { DiagnosticCollector } from './diagnostics.js';
import type { OutboundRule, PrivateEndpointDestination } from '../model/workspace.js';
import { parseResourceId } from '../model/resource-id.js';
import { defaultRuleName } from './naming.js';
import { predictServiceRules } from './service-rules.js';

/** PrivateEndpoint subresource targets the planner accepts, by lower-cased `provider/type`. */
const SUBRESOURCES: Record<string, readonly string[]> = {
  'microsoft.storage/storageaccounts': ['blob', 'file', 'queue', 'table', 'dfs', 'web'],
  'microsoft.keyvault/vaults': ['vault'],
  'microsoft.containerregistry/registries': ['registry'],
  'microsoft.machinelearningservices/workspaces': ['amlworkspace'],
};

export function supportedSubresources(resourceId: string): readonly string[] | undefined {
  const parsed = parseResourceId(resourceId);
  return parsed && SUBRESOURCES[`${parsed.provider}/${parsed.type}`.toLowerCase()];
}

/** The user-defined PrivateEndpoint rules a workspace should end with, and which of them must be written. */
export interface RulePlan {
  /** All user-defined PrivateEndpoint rules of the target (carried over + added), by name. */
  desired: Record<string, TargetPrivateEndpointRule>;
  /** Names in `desired` that an in-place update must PUT (new, or existing with a changed sparkEnabled). */
  toPut: string[];
  /** Existing user rules that cannot be part of the target (ServiceTag, FQDN): human lines. */
  notCarried: string[];
}

interface Candidate { name: string; rule: TargetPrivateEndpointRule; subject: string; explicit: boolean }

const destKey = (id: string, sub: string) => `${id.toLowerCase()}#${sub.toLowerCase()}`;

function peDestination(rule: OutboundRule): PrivateEndpointDestination | undefined {
  const d = rule.destination;
  return rule.type === 'PrivateEndpoint' && typeof d === 'object' && d !== null ? (d as PrivateEndpointDestination) : undefined;
}

export function planRules(ws: ObservedWorkspace, ctx: ObservedContext, policy: Policy, d: DiagnosticCollector): RulePlan {
  const wsId = ws.workspace.id;
  const desired: Record<string, TargetPrivateEndpointRule> = {};
  const notCarried: string[] = [];
  const existingByDest = new Map<string, { name: string; rule: OutboundRule; dest: PrivateEndpointDestination }>();
  for (const [name, rule] of Object.entries(ws.outboundRules)) {
    const user = rule.category === undefined || rule.category === 'UserDefined';
    const dest = peDestination(rule);
    if (dest?.serviceResourceId && dest.subresourceTarget) {
      existingByDest.set(destKey(dest.serviceResourceId, dest.subresourceTarget), { name, rule, dest });
      if (user) desired[name] = pe(dest.serviceResourceId, dest.subresourceTarget, dest.sparkEnabled === true);
    } else if (user) {
      notCarried.push(`outbound rule ${name} (${rule.type}): AllowInternetOutbound allows only PrivateEndpoint user rules`);
      d.warning('rule-not-carried', `${wsId}/outboundRules/${name}`,
        `User rule ${name} is a ${rule.type} rule, which AllowInternetOutbound does not allow, so it cannot be carried over.`,
        'Nothing to do for reachability (AllowInternetOutbound allows internet outbound); if the rule was meant to restrict outbound, that restriction is lost.');
    }
  }

  // Rules the service will add itself once the network is on: no user rule may duplicate them (hubs-plan).
  const serviceAdds = new Map(predictServiceRules(ws).filter((r) => !existingByDest.has(destKey(r.serviceResourceId, r.subresourceTarget))).map((r) => [destKey(r.serviceResourceId, r.subresourceTarget), r]));
  for (const id of new Set([...serviceAdds.values()].map((r) => r.serviceResourceId))) {
    const subs = [...serviceAdds.values()].filter((r) => r.serviceResourceId === id).map((r) => r.subresourceTarget);
    d.warning('rule-added-by-service', id,
      `The service adds Required private-endpoint rules for ${subs.join(', ')} of ${id.split('/').pop()} itself (the resource is private), so the plan adds no user rule for ${subs.length === 1 ? 'it' : 'them'}.`,
      'Nothing to do; verify-compliance checks that every private-endpoint rule becomes Active.');
  }

  const candidates: Candidate[] = [];
  const storage = ws.storageAccount ?? (ws.workspace.properties.storageAccount ? { id: ws.workspace.properties.storageAccount, name: ws.workspace.properties.storageAccount.split('/').pop() ?? '' } : undefined);
  if (storage) {
    for (const sub of policy.defaultStoragePrivateEndpoints) {
      candidates.push({ name: defaultRuleName(storage.name, sub), rule: pe(storage.id, sub, policy.serverlessSpark && sub === 'blob'), subject: 'policy.defaultStoragePrivateEndpoints', explicit: false });
    }
  }
  policy.privateEndpoints.forEach((r, i) => {
    const resourceName = r.serviceResourceId.split('/').pop() ?? 'target';
    candidates.push({ name: r.name ?? defaultRuleName(resourceName, r.subresourceTarget), rule: pe(r.serviceResourceId, r.subresourceTarget, r.sparkEnabled), subject: `policy.privateEndpoints[${i}]`, explicit: true });
  });

  const chosen = dedupeCandidates(candidates, d);
  const toPut: string[] = [];
  for (const c of chosen) {
    const { serviceResourceId: id, subresourceTarget: sub } = c.rule.destination;
    const supported = supportedSubresources(id);
    if (!supported) {
      d.error('rule-unsupported-target', c.subject, `Private endpoints to ${id} are not supported: the resource type is not a storage account, key vault, container registry or ML workspace.`, 'Remove the rule from the policy.');
      continue;
    }
    if (!supported.includes(sub.toLowerCase())) {
      d.error('rule-unsupported-subresource', c.subject, `Subresource "${sub}" is not valid for ${id}; valid: ${supported.join(', ')}.`, `Use one of: ${supported.join(', ')}.`);
      continue;
    }
    if (c.explicit) {
      const seen = ctx.peTargets[id.toLowerCase()];
      if (seen === 'not-found') d.error('rule-target-not-found', c.subject, `Private endpoint target ${id} does not exist.`, 'Fix the serviceResourceId or create the resource first.');
      else if (seen === undefined) d.warning('rule-target-unread', c.subject, `Private endpoint target ${id} was not read, so its existence is unconfirmed.`, 'Check that the resource exists; the service will refuse the rule otherwise.');
    }
    if (serviceAdds.has(destKey(id, sub))) continue;
    const existing = existingByDest.get(destKey(id, sub));
    if (existing) {
      const existingUser = existing.rule.category === undefined || existing.rule.category === 'UserDefined';
      if (existingUser) {
        if (c.rule.destination.sparkEnabled && existing.dest.sparkEnabled !== true) {
          desired[existing.name] = c.rule;
          toPut.push(existing.name);
        }
      } else if (c.explicit || c.rule.destination.sparkEnabled) {
        d.warning('rule-covered-by-service', c.subject,
          `${sub} of ${id} is already covered by the service's ${existing.rule.category ?? ''} rule ${existing.name}; no user rule is added${c.rule.destination.sparkEnabled ? ', and whether it is Spark-enabled is up to the service' : ''}.`,
          'Nothing to do; verify-compliance checks the result.');
      }
      continue;
    }
    const clash = ws.outboundRules[c.name];
    if (clash) {
      d.error('rule-name-conflict', c.subject, `Rule name ${c.name} is already used by the workspace for a different destination.`, 'Give the rule another name in the policy.');
      continue;
    }
    desired[c.name] = c.rule;
    toPut.push(c.name);
  }
  return { desired, toPut, notCarried };
}

/** Explicit rules must not repeat a destination or a name; an explicit rule replaces a default-storage one. */
function dedupeCandidates(candidates: Candidate[], d: DiagnosticCollector): Candidate[] {
  const byDest = new Map<string, Candidate>();
  const byName = new Map<string, Candidate>();
  for (const c of candidates) {
    const key = destKey(c.rule.destination.serviceResourceId, c.rule.destination.subresourceTarget);
    const prior = byDest.get(key);
    if (prior) {
      if (prior.explicit && c.explicit) {
        d.error('rule-duplicate-destination', c.subject, `Same destination as ${prior.subject}: ${c.rule.destination.subresourceTarget} of ${c.rule.destination.serviceResourceId}.`, 'Remove one of the two rules.');
        continue;
      }
      byName.delete(prior.name.toLowerCase());
      c.rule.destination.sparkEnabled ||= prior.rule.destination.sparkEnabled;
    }
    const sameName = byName.get(c.name.toLowerCase());
    if (sameName) {
      d.error('rule-duplicate-name', c.subject, `Rule name ${c.name} is also used by ${sameName.subject}.`, 'Give each rule a distinct name.');
      continue;
    }
    byDest.set(key, c);
    byName.set(c.name.toLowerCase(), c);
  }
  return [...byDest.values()];
}

function pe(serviceResourceId: string, subresourceTarget: string, sparkEnabled: boolean): TargetPrivateEndpointRule {
  return { type: 'PrivateEndpoint', destination: { serviceResourceId, subresourceTarget, sparkEnabled } };
}
