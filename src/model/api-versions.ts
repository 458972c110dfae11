/**
 * Every ARM api-version the tool speaks, in one place; every value is a GA version. Workspaces are read and written at
 * 2025-06-01 because that is the newest GA version whose spec carries the whole properties.managedNetwork (GA since
 * 2023-10-01); the published @azure/arm-machinelearning speaks 2022-10-01 and would drop it, which is why the tool
 * sends raw ARM requests for Machine Learning resources.
 */
export const workspaceApiVersion = '2025-06-01';

export const apiVersions = {
  /** Workspaces and their children (outbound rules, computes, endpoints, datastores, assets): workspaceRP.json, mfe.json. */
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
  /** Microsoft.ContainerRegistry/registries GET (carries properties.publicNetworkAccess). */
  containerRegistry: '2023-07-01',
  /** Microsoft.Insights/components GET. */
  applicationInsights: '2020-02-02',
  /** GET /subscriptions/{id}/providers/{namespace}: resource types and their api-versions. */
  providers: '2021-04-01',
  /** Microsoft.Network virtualNetworks, subnets, privateEndpoints and their privateDnsZoneGroups. */
  network: '2025-03-01',
  /** Microsoft.Network/privateDnsZones and their virtualNetworkLinks (a separate spec: privatedns.json). */
  privateDns: '2024-06-01',
  /** Microsoft.Resources/tags at scope (`{scope}/providers/Microsoft.Resources/tags/default`): the lock in Azure. */
  tags: '2021-04-01',
} as const;

/**
 * GA api-versions for reading private-endpoint targets by id, by lower-cased resource type. A type not listed here is
 * read at the newest non-preview version its provider advertises (providers API).
 */
export const peTargetApiVersions: Readonly<Record<string, string>> = {
  'microsoft.machinelearningservices/workspaces': apiVersions.machineLearning,
  'microsoft.storage/storageaccounts': apiVersions.storage,
  'microsoft.keyvault/vaults': apiVersions.keyVault,
  'microsoft.containerregistry/registries': apiVersions.containerRegistry,
  'microsoft.insights/components': apiVersions.applicationInsights,
  'microsoft.documentdb/databaseaccounts': '2024-11-15',
  'microsoft.cognitiveservices/accounts': '2024-10-01',
  'microsoft.search/searchservices': '2023-11-01',
  'microsoft.sql/servers': '2021-11-01',
  'microsoft.datafactory/factories': '2018-06-01',
  'microsoft.databricks/workspaces': '2024-05-01',
  'microsoft.eventhub/namespaces': '2024-01-01',
  'microsoft.servicebus/namespaces': '2021-11-01',
  'microsoft.dbforpostgresql/flexibleservers': '2022-12-01',
  'microsoft.dbformysql/flexibleservers': '2023-12-30',
  'microsoft.cache/redis': '2024-03-01',
  'microsoft.web/sites': '2023-12-01',
};
