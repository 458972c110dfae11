import type { Plan } from '../plan/plan.js';
import type { PolicyInput } from '../plan/policy-schema.js';
import { selectQuestion, type GuideHost } from './question.js';
import type { GuideWorld } from './world.js';

/**
 * Issue 10: workspaces that would end with public access Disabled and no Approved private endpoint. Asks for a subnet
 * (the subscriptions' subnets in their regions) for a new endpoint, or the explicit acknowledgement that users lose
 * access, or to leave them out. The default is the first subnet listed (an endpoint is undone by rollback), else
 * leaving them out: never the acknowledgement.
 */
export async function askInbound(world: GuideWorld, host: GuideHost, plan: Plan): Promise<PolicyInput | undefined> {
  const locked = plan.workspaces.filter((w) => w.diagnostics.some((d) => d.code === 'would-lock-out'));
  if (locked.length === 0) return undefined;
  const places = [...new Map(locked.map((w) => [`${w.sourceId.split('/')[2]}|${w.target?.location ?? ''}`, { sub: w.sourceId.split('/')[2]!, location: w.target?.location ?? '' }])).values()];
  const subnets = world.listSubnets ? (await Promise.all(places.map((p) => world.listSubnets!(p.sub, p.location)))).flat() : [];
  const names = locked.map((w) => w.sourceId.split('/').pop()).join(', ');
  const choices = [
    ...subnets.map((s) => ({ value: s.id, name: `create a private endpoint in ${s.name} (${s.location})`, description: s.id })),
    { value: 'skip', name: 'leave these workspaces out of the plan' },
    { value: 'none', name: 'disable public access anyway: users lose studio, SDK and az ml access (acknowledge)' },
  ];
  const answer = await host.ask(selectQuestion('inbound',
    `Once public access is Disabled, users reach ${names} only through a private endpoint, and ${locked.length === 1 ? 'it has' : 'they have'} no Approved one. How should users keep access?`,
    choices, subnets[0]?.id ?? 'skip'));
  if (answer === 'skip') return undefined;
  if (answer === 'none') return { inbound: { mode: 'none', allowNoInbound: true } };
  return { inbound: { mode: 'create', subnetId: answer } };
}
