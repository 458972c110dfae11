/**
 * The private DNS zones an inbound private endpoint to a Machine Learning workspace (group id `amlworkspace`) needs,
 * per cloud (FACTS.md "Inbound access"). Keys are the `--cloud` names of src/azure/clouds.ts; a pure table so the
 * planner can use it without importing src/azure.
 *
 * Only the public cloud's names are verified. The China and US Government names are copied from FACTS.md, which marks
 * them *to verify*: a wrong name cannot go unnoticed, because the zone group of an endpoint gets A records only in the
 * zones whose suffix matches the endpoint's FQDNs, and verify-compliance fails when a zone of the group holds none.
 */
export interface PrivateLinkZones {
  /** Zone for `<id>.workspace.<region>.api.azureml.ms` and its `cert.` twin. */
  api: string;
  /** Zone for the notebooks FQDN. */
  notebooks: string;
  verified: boolean;
}

export const WORKSPACE_PRIVATE_LINK_GROUP = 'amlworkspace';

export const privateLinkZonesByCloud: Readonly<Record<string, PrivateLinkZones>> = {
  AzureCloud: { api: 'privatelink.api.azureml.ms', notebooks: 'privatelink.notebooks.azure.net', verified: true },
  AzureChinaCloud: { api: 'privatelink.api.ml.azure.cn', notebooks: 'privatelink.notebooks.chinacloudapi.cn', verified: false },
  AzureUSGovernment: { api: 'privatelink.api.ml.azure.us', notebooks: 'privatelink.notebooks.usgovcloudapi.net', verified: false },
};

/** `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network/privateDnsZones/{zone}`. */
export function privateDnsZoneId(subscriptionId: string, resourceGroup: string, zone: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/privateDnsZones/${zone}`;
}

/** `{vnet id}` of a subnet id `{vnet id}/subnets/{name}`; undefined when `subnetId` is not a subnet id. */
export function vnetOfSubnet(subnetId: string): string | undefined {
  const m = /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+)\/subnets\/[^/]+$/i.exec(subnetId);
  return m?.[1];
}
