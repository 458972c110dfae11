import type { StepKind } from '../../plan/index.js';
import { copyDiagnosticSettings } from './copy-diagnostic-settings.js';
import { createKey } from './create-key.js';
import { createNetworkResource } from './create-network-resource.js';
import { createWorkspace } from './create-workspace.js';
import { deleteCompute } from './delete-compute.js';
import { deleteOnlineEndpoint } from './delete-online-endpoint.js';
import { provisionManagedNetwork } from './provision-managed-network.js';
import { purgeSource } from './purge-source.js';
import { putOutboundRule } from './put-outbound-rule.js';
import { retireSource } from './retire-source.js';
import type { StepHandler } from './step-context.js';
import { updateWorkspace } from './update-workspace.js';
import { verifyCompliance } from './verify-compliance.js';
import { copyContents } from './copy-contents.js';
import { compareContents } from './compare-contents.js';

/** One handler per step kind; a new kind without a handler fails to compile. */
export const stepHandlers: Record<StepKind, StepHandler> = {
  'create-key': createKey,
  'update-workspace': updateWorkspace,
  'create-workspace': createWorkspace,
  'put-outbound-rule': putOutboundRule,
  'provision-managed-network': provisionManagedNetwork,
  'copy-diagnostic-settings': copyDiagnosticSettings,
  'delete-compute': deleteCompute,
  'delete-online-endpoint': deleteOnlineEndpoint,
  'verify-compliance': verifyCompliance,
  'copy-contents': copyContents,
  'compare-contents': compareContents,
  'retire-source': retireSource,
  'purge-source': purgeSource,
  'create-private-dns-zone': createNetworkResource,
  'link-private-dns-zone': createNetworkResource,
  'create-private-endpoint': createNetworkResource,
  'create-private-dns-zone-group': createNetworkResource,
};
