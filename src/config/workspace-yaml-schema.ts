import { z } from 'zod';
import {
  FIREWALL_SKUS,
  IDENTITY_TYPES,
  ISOLATION_MODES,
  OUTBOUND_RULE_TYPES,
  PUBLIC_NETWORK_ACCESS_VALUES,
} from './workspace-yaml-model.js';

/**
 * zod schemas for the az ml workspace YAML. Objects are loose (unknown keys kept). outbound_rules is left unknown
 * here: the parser checks it rule by rule so that problems in the older map form point at the map's own keys.
 */
const text = z.string().min(1);

export const customerManagedKeySchema = z.looseObject({ key_vault: text, key_uri: text });

export const identitySchema = z.looseObject({
  type: z.enum(IDENTITY_TYPES),
  user_assigned_identities: z.record(z.string(), z.looseObject({}).nullable()).optional(),
});

export const managedNetworkSchema = z.looseObject({
  isolation_mode: z.enum(ISOLATION_MODES).optional(),
  firewall_sku: z.enum(FIREWALL_SKUS).optional(),
  outbound_rules: z.unknown().optional(),
});

export const workspaceSchema = z.looseObject({
  $schema: z.string().optional(),
  name: text,
  location: text.optional(),
  resource_group: text.optional(),
  display_name: z.string().optional(),
  description: z.string().optional(),
  tags: z.record(z.string(), z.string()).optional(),
  hbi_workspace: z.boolean().optional(),
  storage_account: text.optional(),
  key_vault: text.optional(),
  application_insights: text.optional(),
  container_registry: text.optional(),
  customer_managed_key: customerManagedKeySchema.optional(),
  public_network_access: z.enum(PUBLIC_NETWORK_ACCESS_VALUES).optional(),
  identity: identitySchema.optional(),
  primary_user_assigned_identity: text.optional(),
  enable_data_isolation: z.boolean().optional(),
  serverless_compute: z.looseObject({}).optional(),
  managed_network: managedNetworkSchema.optional(),
});

/** One rule; `name` is checked by the caller (in the map form it is the map key). */
export const ruleTypeSchema = z.looseObject({ type: z.enum(OUTBOUND_RULE_TYPES) });

export const destinationSchemas = {
  private_endpoint: z.looseObject({
    destination: z.looseObject({ service_resource_id: text, subresource_target: text, spark_enabled: z.boolean() }),
  }),
  service_tag: z.looseObject({
    destination: z.looseObject({
      service_tag: text,
      protocol: text,
      port_ranges: text,
      address_prefixes: z.array(z.string()).optional(),
    }),
  }),
  fqdn: z.looseObject({ destination: text }),
} as const;
