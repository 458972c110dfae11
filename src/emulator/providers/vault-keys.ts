import { randomBytes } from 'node:crypto';
import { listPage } from '../paging.js';
import type { Route } from '../router.js';
import { objectBody, requireResource, requireResourceGroup } from './scope.js';

const VAULT = '/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.KeyVault/vaults/{vault}';

/** Management-plane keys of a vault (keys.json): keyUri and keyUriWithVersion are service-set. */
export const vaultKeyRoutes: Route[] = [
  {
    method: 'GET',
    template: `${VAULT}/keys`,
    handler: (req, p, ctx) => {
      requireResourceGroup(ctx, p.sub!, p.rg!);
      const vault = requireResource(ctx, `/subscriptions/${p.sub}/resourceGroups/${p.rg}/providers/Microsoft.KeyVault/vaults/${p.vault}`, 'Microsoft.KeyVault/vaults', p.rg!);
      return { status: 200, body: listPage(req, ctx, `${vault.id}/keys`) };
    },
  },
  {
    method: 'GET',
    template: `${VAULT}/keys/{key}`,
    handler: (_req, p, ctx) => {
      requireResourceGroup(ctx, p.sub!, p.rg!);
      return { status: 200, body: requireResource(ctx, `/subscriptions/${p.sub}/resourceGroups/${p.rg}/providers/Microsoft.KeyVault/vaults/${p.vault}/keys/${p.key}`, 'Microsoft.KeyVault/vaults/keys', p.rg!) };
    },
  },
  {
    method: 'PUT',
    template: `${VAULT}/keys/{key}`,
    handler: (req, p, ctx) => {
      requireResourceGroup(ctx, p.sub!, p.rg!);
      const vault = requireResource(ctx, `/subscriptions/${p.sub}/resourceGroups/${p.rg}/providers/Microsoft.KeyVault/vaults/${p.vault}`, 'Microsoft.KeyVault/vaults', p.rg!);
      const body = objectBody(req.body);
      const props = (body.properties ?? {}) as Record<string, unknown>;
      const base = `${String((vault.properties as { vaultUri?: string }).vaultUri).replace(/\/$/, '')}/keys/${p.key}`;
      const now = Math.floor(ctx.now() / 1000);
      const key = {
        id: `${vault.id}/keys/${p.key}`,
        name: p.key!,
        type: 'Microsoft.KeyVault/vaults/keys',
        location: vault.location,
        ...(body.tags ? { tags: body.tags } : {}),
        properties: {
          kty: 'RSA',
          keySize: 2048,
          keyOps: ['encrypt', 'decrypt', 'sign', 'verify', 'wrapKey', 'unwrapKey'],
          ...props,
          attributes: { enabled: true, ...((props.attributes ?? {}) as object), created: now, updated: now, recoveryLevel: 'Recoverable+Purgeable' },
          keyUri: base,
          keyUriWithVersion: `${base}/${randomBytes(16).toString('hex')}`,
        },
      };
      ctx.store.put(key);
      return { status: 200, body: key };
    },
  },
];
