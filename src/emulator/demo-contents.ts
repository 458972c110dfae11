import * as c from './fleet-contents.js';
import type { ArmObject } from './state.js';

/** Names of the contents seeded in the re-creation candidate (DEMO.workspaces.approvedOnly). */
export const DEMO_CONTENTS = {
  datastores: { accountKey: 'workspaceblobstore', identity: 'curated-identity' },
  /** A fixed fake key: listSecrets returns it, GET never does. */
  accountKey: 'ZGVtby1hY2NvdW50LWtleS1ub3QtYS1yZWFsLXNlY3JldA==',
  model: 'fraud-model',
  environment: 'fraud-inference-env',
  data: { absolute: 'claims-2025', relative: 'claims-reference' },
  computes: { cluster: 'cpu-cluster', instance: 'ci-dana' },
  /** objectId of the user the compute instance is assigned to. */
  instanceUser: '00000008-0000-4000-8000-000000000001',
  endpoint: 'fraud-scoring',
  deployments: { blue: 'blue', green: 'green' },
  traffic: { blue: 90, green: 10 },
  connection: 'github-pat',
  connectionPat: 'ghp_demoPersonalAccessTokenNotReal',
  schedule: 'nightly-retrain',
  /** AzureML Data Scientist, granted on the workspace itself. */
  dataScientistRoleId: 'f6c7c914-8db3-469d-8ca1-694a8f32e121',
  roleAssignment: '00000009-0000-4000-8000-000000000001',
  roleAssignee: '00000008-0000-4000-8000-000000000002',
} as const;

/**
 * Contents of every kind for a workspace that plans re-create, so inventory and copy have something real to move:
 * two datastores (account key, identity-based), a model with 2 versions, an environment, a data asset whose URI names
 * the workspace and one with a relative URI, a cluster and an assigned compute instance, an endpoint with 2
 * deployments and a 90/10 split, a PAT connection, a workspace-scoped role assignment and a schedule.
 */
export function addDemoContents(sink: c.ContentsSink, ws: ArmObject, tenantId: string): void {
  const d = DEMO_CONTENTS;
  const [sub, rg, name] = [ws.id.split('/')[2], ws.id.split('/')[4], ws.name];
  const account = String((ws.properties as { storageAccount: string }).storageAccount).split('/').pop()!;
  c.addBlobDatastore(sink, ws, d.datastores.accountKey, account, 'azureml-blobstore', d.accountKey, true);
  c.addBlobDatastore(sink, ws, d.datastores.identity, account, 'curated', undefined);
  const modelUri = (v: number) => `azureml://subscriptions/${sub}/resourcegroups/${rg}/workspaces/${name}/datastores/${d.datastores.accountKey}/paths/models/fraud/${v}/`;
  c.addAsset(sink, ws, 'models', d.model, [1, 2].map((v) => ({ modelType: 'mlflow_model', modelUri: modelUri(v), description: `fraud model v${v}` })), { description: 'Fraud detection' });
  c.addAsset(sink, ws, 'environments', d.environment, [{ image: 'mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest', description: 'inference image' }]);
  c.addAsset(sink, ws, 'data', d.data.absolute, [{ dataType: 'uri_folder', dataUri: `azureml://subscriptions/${sub}/resourcegroups/${rg}/workspaces/${name}/datastores/${d.datastores.accountKey}/paths/claims/2025/` }]);
  c.addAsset(sink, ws, 'data', d.data.relative, [{ dataType: 'uri_file', dataUri: `azureml://datastores/${d.datastores.identity}/paths/reference/codes.csv` }]);
  const location = String(ws.location);
  const base = { computeLocation: location, provisioningState: 'Succeeded', isAttachedCompute: false };
  sink.add(c.workspaceChildOf(ws, 'computes', d.computes.cluster, { location, properties: { computeType: 'AmlCompute', ...base, properties: { vmSize: 'STANDARD_DS3_V2', vmPriority: 'Dedicated', scaleSettings: { maxNodeCount: 2, minNodeCount: 0, nodeIdleTimeBeforeScaleDown: 'PT120S' } } } }));
  const assignedUser = { objectId: d.instanceUser, tenantId };
  sink.add(c.workspaceChildOf(ws, 'computes', d.computes.instance, { location, properties: { computeType: 'ComputeInstance', ...base, properties: { vmSize: 'STANDARD_DS3_V2', personalComputeInstanceSettings: { assignedUser } } } }));
  const version = (v: number) => `${ws.id}/models/${d.model}/versions/${v}`;
  c.addEndpoint(sink, ws, d.endpoint, { [d.deployments.blue]: version(1), [d.deployments.green]: version(2) }, { ...d.traffic });
  c.addConnection(sink, ws, d.connection, { authType: 'PAT', category: 'Git', target: 'https://github.com/contoso/fraud' }, { pat: d.connectionPat });
  const trigger = { triggerType: 'Cron', expression: '0 2 * * *', timeZone: 'UTC' };
  const job = { jobType: 'Command', command: 'python train.py', environmentId: `azureml:${d.environment}:1`, computeId: `${ws.id}/computes/${d.computes.cluster}` };
  c.addSchedule(sink, ws, d.schedule, { displayName: 'Nightly retrain', trigger, action: { actionType: 'CreateJob', jobDefinition: job } });
  const role = `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${d.dataScientistRoleId}`;
  sink.add(c.roleAssignment(ws.id, d.roleAssignment, role, d.roleAssignee, 'User'));
}
