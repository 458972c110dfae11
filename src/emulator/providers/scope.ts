import type { EmulatorContext } from '../context.js';
import { ArmHttpError } from '../http-types.js';
import type { ArmObject } from '../state.js';

export function requireSubscription(ctx: EmulatorContext, subscriptionId: string): ArmObject {
  const sub = ctx.store.get(`/subscriptions/${subscriptionId}`);
  if (!sub) throw new ArmHttpError(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`);
  return sub;
}

export function requireResourceGroup(ctx: EmulatorContext, subscriptionId: string, rg: string): ArmObject {
  requireSubscription(ctx, subscriptionId);
  const group = ctx.store.get(`/subscriptions/${subscriptionId}/resourceGroups/${rg}`);
  if (!group) throw new ArmHttpError(404, 'ResourceGroupNotFound', `Resource group '${rg}' could not be found.`);
  return group;
}

/** The canonical id prefix of a resource group, with the casing it was created with. */
export function resourceGroupId(ctx: EmulatorContext, subscriptionId: string, rg: string): string {
  return requireResourceGroup(ctx, subscriptionId, rg).id;
}

export function requireResource(ctx: EmulatorContext, id: string, typeLabel: string, rg: string): ArmObject {
  const found = ctx.store.get(id);
  if (!found) throw resourceNotFound(typeLabel, id.split('/').pop()!, rg);
  return found;
}

export function resourceNotFound(typeLabel: string, name: string, rg: string): ArmHttpError {
  return new ArmHttpError(404, 'ResourceNotFound', `The Resource '${typeLabel}/${name}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
}

export function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ArmHttpError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized: a JSON object is required.');
  }
  return body as Record<string, unknown>;
}

export function systemData(ctx: EmulatorContext): Record<string, unknown> {
  const at = new Date(ctx.now()).toISOString();
  return { createdAt: at, createdBy: 'emulator@example.com', createdByType: 'User', lastModifiedAt: at, lastModifiedBy: 'emulator@example.com', lastModifiedByType: 'User' };
}
