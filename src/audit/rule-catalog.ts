import type { Severity } from './report.js';

/**
 * Every rule the audit reports, in report order. `ml005: true` rules decide the MachineLearning-005 verdict;
 * the others are the related rules of the same family and are reported only.
 *
 * Ids: the two ML005-* ids split Trend Micro Cloud Conformity rule MachineLearning-005 into its two conditions.
 * The related rules use descriptive AML-* ids on purpose: their Cloud Conformity numbers could not be confirmed,
 * and a wrong number would mislead anyone cross-referencing a Conformity report.
 */
export interface RuleDefinition {
  id: string;
  /** PascalCase, for SARIF reportingDescriptor.name. */
  name: string;
  title: string;
  /** A few characters, for compact terminal columns. */
  label: string;
  /** What the label stands for, for the legend under the table. */
  topic: string;
  ml005: boolean;
  severity: Severity;
  description: string;
  help: string;
  /** Microsoft Learn page on the setting, for SARIF helpUri and the HTML report. */
  helpUri: string;
}

export const RULES = [
  {
    id: 'ML005-public-network-access',
    name: 'PublicNetworkAccessDisabled',
    title: 'Public network access is disabled',
    label: 'PNA',
    topic: 'public network access',
    ml005: true,
    severity: 'high',
    description:
      'MachineLearning-005, condition 1: properties.publicNetworkAccess must be Disabled. When the property is absent the service default (Enabled) applies.',
    help: 'Set properties.publicNetworkAccess to Disabled before provisioning the managed network. Studio, SDK and data-plane users then need an inbound private endpoint (group id amlworkspace); ARM calls keep working.',
    helpUri: 'https://learn.microsoft.com/azure/machine-learning/how-to-configure-private-link',
  },
  {
    id: 'ML005-managed-network-isolation',
    name: 'ManagedNetworkAllowInternetOutbound',
    title: 'Managed virtual network isolation allows internet outbound',
    label: 'MVN',
    topic: 'managed network isolation',
    ml005: true,
    severity: 'high',
    description:
      'MachineLearning-005, condition 2: properties.managedNetwork.isolationMode must be AllowInternetOutbound. A missing managedNetwork counts as Disabled.',
    help: 'Set managedNetwork.isolationMode to AllowInternetOutbound (az ml workspace update --managed-network allow_internet_outbound) after deleting compute instances, compute clusters and managed online endpoints. The change is one-way; AllowOnlyApprovedOutbound cannot be changed to AllowInternetOutbound, so such a workspace must be re-created.',
    helpUri: 'https://learn.microsoft.com/azure/machine-learning/how-to-managed-network',
  },
  {
    id: 'AML-hbi-workspace',
    name: 'HighBusinessImpactEnabled',
    title: 'High business impact (HBI) is enabled',
    label: 'HBI',
    topic: 'high business impact',
    ml005: false,
    severity: 'medium',
    description: 'properties.hbiWorkspace should be true, which reduces the diagnostic data Microsoft collects.',
    help: 'hbiWorkspace can only be set when the workspace is created: re-create the workspace with hbiWorkspace true.',
    helpUri: 'https://learn.microsoft.com/azure/machine-learning/concept-data-encryption',
  },
  {
    id: 'AML-system-assigned-identity',
    name: 'SystemAssignedIdentityEnabled',
    title: 'System-assigned managed identity is enabled',
    label: 'MSI',
    topic: 'system-assigned identity',
    ml005: false,
    severity: 'medium',
    description: 'identity.type should include SystemAssigned.',
    help: 'Enable the system-assigned managed identity on the workspace (identity.type SystemAssigned or SystemAssigned,UserAssigned).',
    helpUri: 'https://learn.microsoft.com/azure/machine-learning/how-to-identity-based-service-authentication',
  },
  {
    id: 'AML-customer-managed-key',
    name: 'CustomerManagedKeyEnabled',
    title: 'Encryption with a customer-managed key is enabled',
    label: 'CMK',
    topic: 'customer-managed key',
    ml005: false,
    severity: 'medium',
    description: 'properties.encryption.status should be Enabled (a customer-managed key in Azure Key Vault).',
    help: 'A customer-managed key can only be set when the workspace is created: re-create the workspace with encryption.status Enabled and a key vault that has soft delete and purge protection enabled.',
    helpUri: 'https://learn.microsoft.com/azure/machine-learning/concept-customer-managed-keys',
  },
  {
    id: 'AML-diagnostic-logs',
    name: 'DiagnosticLogsEnabled',
    title: 'Diagnostic logs are enabled',
    label: 'LOG',
    topic: 'diagnostic logs',
    ml005: false,
    severity: 'low',
    description:
      'At least one Microsoft.Insights diagnostic setting on the workspace should enable a log category or category group and send it to a destination (Log Analytics, storage, Event Hubs or a partner solution).',
    help: 'Add a diagnostic setting to the workspace that enables the allLogs category group (or specific log categories) and sends them to a Log Analytics workspace, storage account or event hub.',
    helpUri: 'https://learn.microsoft.com/azure/machine-learning/monitor-azure-machine-learning',
  },
] as const satisfies readonly RuleDefinition[];

export type RuleId = (typeof RULES)[number]['id'];

const BY_ID: ReadonlyMap<string, RuleDefinition> = new Map(RULES.map((r) => [r.id, r]));

export function ruleById(id: string): RuleDefinition | undefined {
  return BY_ID.get(id);
}
