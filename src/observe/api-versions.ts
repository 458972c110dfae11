import { apiVersions } from '../azure/api-versions.js';

/**
 * api-versions used only by the read side of `plan` (src/observe). Kept here so the lead can merge them into
 * src/azure/api-versions.ts; every value is a GA version.
 */
export const observeApiVersions = {
  /** Workspace, outbound rules, computes, online endpoints, datastores, models, environments, data (mfe.json). */
  machineLearning: apiVersions.machineLearning,
  keyVault: apiVersions.keyVault,
  storage: apiVersions.storage,
  roleAssignments: apiVersions.roleAssignments,
  /** Microsoft.ContainerRegistry/registries GET (carries properties.publicNetworkAccess). */
  containerRegistry: '2023-07-01',
  /** Microsoft.Insights/components GET. */
  applicationInsights: '2020-02-02',
  /** GET /subscriptions/{id}/providers/{namespace}: resource types and their api-versions. */
  providers: '2021-04-01',
} as const;

/**
 * GA api-versions for reading private-endpoint targets by id, by lower-cased resource type. A type not listed here is
 * read at the newest non-preview version its provider advertises (providers API).
 */
export const peTargetApiVersions: Readonly<Record<string, string>> = {
  'microsoft.machinelearningservices/workspaces': observeApiVersions.machineLearning,
  'microsoft.storage/storageaccounts': observeApiVersions.storage,
  'microsoft.keyvault/vaults': observeApiVersions.keyVault,
  'microsoft.containerregistry/registries': observeApiVersions.containerRegistry,
  'microsoft.insights/components': observeApiVersions.applicationInsights,
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
