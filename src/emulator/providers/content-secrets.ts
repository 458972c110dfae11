import { ArmHttpError } from '../http-types.js';
import type { Route } from '../router.js';
import { WS, propsOf } from './child-kind.js';
import { requireWorkspace } from './child-routes.js';

type Props = Record<string, unknown>;

/**
 * Datastores (mfe.json DatastoreCredentials): AccountKey, Sas, ServicePrincipal and Certificate credentials carry a
 * `secrets` object that the service keeps and never returns on GET/list; None (identity-based) has none.
 */
export function splitDatastoreSecrets(body: Props): { body: Props; secrets: Props | undefined } {
  const props = propsOf(body);
  const credentials = (props.credentials ?? {}) as Props;
  const { secrets, ...publicCredentials } = credentials;
  return { body: { ...body, properties: { ...props, credentials: publicCredentials } }, secrets: (secrets as Props | undefined) ?? undefined };
}

/**
 * Workspace connections (workspaceRP.json WorkspaceConnectionPropertiesV2): `properties.credentials` (key, pat,
 * clientSecret, ...) are kept apart; GET and list return the connection without them, `listsecrets` with them.
 */
export function splitConnectionSecrets(body: Props): { body: Props; secrets: Props | undefined } {
  const { credentials, ...props } = propsOf(body);
  return { body: { ...body, properties: props }, secrets: (credentials as Props | undefined) ?? undefined };
}

/**
 * POST datastores/{name}/listSecrets → DatastoreSecrets; POST connections/{name}/listsecrets → the connection with
 * its credentials. An identity-based datastore has no secrets to list (refused: the exact Azure answer is unverified).
 */
export const secretRoutes: Route[] = [
  {
    method: 'POST',
    template: `${WS}/datastores/{name}/listSecrets`,
    handler: (_req, p, ctx) => {
      const ws = requireWorkspace(ctx, p);
      const id = `${ws.id}/datastores/${p.name}`;
      const datastore = ctx.store.get(id);
      if (!datastore) throw new ArmHttpError(404, 'ResourceNotFound', `datastores '${p.name}' was not found in workspace '${ws.name}'.`);
      const secrets = ctx.store.secretsOf(id);
      if (!secrets) throw new ArmHttpError(400, 'UserError', `Datastore '${p.name}' uses identity-based access (credentialsType None): it has no secrets to list.`);
      return { status: 200, body: secrets };
    },
  },
  {
    method: 'POST',
    template: `${WS}/connections/{name}/listsecrets`,
    handler: (_req, p, ctx) => {
      const ws = requireWorkspace(ctx, p);
      const id = `${ws.id}/connections/${p.name}`;
      const connection = ctx.store.get(id);
      if (!connection) throw new ArmHttpError(404, 'ResourceNotFound', `connections '${p.name}' was not found in workspace '${ws.name}'.`);
      const credentials = ctx.store.secretsOf(id);
      return { status: 200, body: { ...connection, properties: { ...propsOf(connection), ...(credentials ? { credentials } : {}) } } };
    },
  },
];
