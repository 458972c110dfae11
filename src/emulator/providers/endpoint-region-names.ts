import type { EmulatorContext } from '../context.js';
import { ArmHttpError } from '../http-types.js';

/**
 * A managed online endpoint's name is unique within its Azure region, across workspaces and subscriptions: its scoring
 * URI is `https://<name>.<region>.inference.ml.azure.com`. Microsoft Learn, "Perform safe rollout of new deployments
 * for real-time inference" (how-to-safely-rollout-online-endpoints): "Endpoint name: The name of the endpoint. It must
 * be unique in the Azure region."
 *
 * The message is the one Azure returns (seen in Azure/azureml-examples#1931 and Azure/mlops-project-template#29). The
 * status (400, an ASP.NET "One or more validation errors occurred." answer) and the code `UserError` are *unverified*:
 * the tool's handling depends on neither (apply/execute/endpoint-copy-error.ts).
 */
export const ENDPOINT_NAME_TAKEN = 'There is already an endpoint with this name, Endpoint name needs to be unique within a region. Try some other name.';

/** Refuses creating endpoint `name` in `location` when another live workspace's endpoint there has that name. */
export function refuseTakenEndpointName(ctx: EmulatorContext, endpointId: string, name: string, location: string): void {
  const own = endpointId.toLowerCase();
  const lower = name.toLowerCase();
  const region = normaliseRegion(location);
  for (const [key, resource] of Object.entries(ctx.store.state.resources)) {
    if (key === own || !key.endsWith(`/onlineendpoints/${lower}`)) continue;
    const workspaceId = key.slice(0, -`/onlineendpoints/${lower}`.length);
    if (!/\/providers\/microsoft\.machinelearningservices\/workspaces\/[^/]+$/.test(workspaceId) || !ctx.store.get(workspaceId)) continue;
    if (normaliseRegion(String(resource.location ?? ctx.store.get(workspaceId)?.location ?? '')) !== region) continue;
    throw new ArmHttpError(400, 'UserError', ENDPOINT_NAME_TAKEN);
  }
}

const normaliseRegion = (location: string) => location.toLowerCase().replace(/\s/g, '');
