/**
 * Every ARM api-version the tool speaks, in one place. Workspaces are read and written at 2025-06-01 because that is
 * the newest GA version whose spec carries the whole properties.managedNetwork (GA since 2023-10-01); the published
 * @azure/arm-machinelearning 2.1.1 speaks 2022-10-01 and would drop it.
 */
export const workspaceApiVersion = '2025-06-01';

export const apiVersions = {
  /** Workspaces, outbound rules, provisionManagedNetwork (Microsoft.MachineLearningServices). */
  machineLearning: workspaceApiVersion,
  /** GET /subscriptions. */
  subscriptions: '2022-12-01',
  /** Microsoft.Insights/diagnosticSettings on any resource. */
  diagnosticSettings: '2021-05-01-preview',
  /** POST /providers/Microsoft.ResourceGraph/resources. */
  resourceGraph: '2024-04-01',
  /** Microsoft.KeyVault vaults and keys. */
  keyVault: '2025-05-01',
  /** Microsoft.Storage storage accounts. */
  storage: '2025-08-01',
  /** Microsoft.Authorization role assignments. */
  roleAssignments: '2022-04-01',
} as const;
