import { pollOperation } from '../lro.js';
import type { Route } from '../router.js';

/**
 * The polling URLs long-running operations hand out (Azure-AsyncOperation and Location): Machine Learning's
 * workspaceOperationsStatus (type=async|location), the Network RP's locations/{loc}/operations and operationResults,
 * and Private DNS's privateDnsOperationStatuses and privateDnsOperationResults.
 */
export const operationRoutes: Route[] = [
  {
    method: 'GET',
    template: '/subscriptions/{sub}/providers/Microsoft.MachineLearningServices/locations/{loc}/workspaceOperationsStatus/{id}',
    handler: (req, p, ctx) => pollOperation(req, ctx, p.id!),
  },
  {
    method: 'GET',
    template: '/subscriptions/{sub}/providers/Microsoft.Network/locations/{loc}/operations/{id}',
    handler: (req, p, ctx) => pollOperation(req, ctx, p.id!, 'async'),
  },
  {
    method: 'GET',
    template: '/subscriptions/{sub}/providers/Microsoft.Network/locations/{loc}/operationResults/{id}',
    handler: (req, p, ctx) => pollOperation(req, ctx, p.id!, 'location'),
  },
  {
    method: 'GET',
    template: '/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network/privateDnsOperationStatuses/{id}',
    handler: (req, p, ctx) => pollOperation(req, ctx, p.id!, 'async'),
  },
  {
    method: 'GET',
    template: '/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network/privateDnsOperationResults/{id}',
    handler: (req, p, ctx) => pollOperation(req, ctx, p.id!, 'location'),
  },
];
