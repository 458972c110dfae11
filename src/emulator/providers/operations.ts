import { pollOperation } from '../lro.js';
import type { Route } from '../router.js';

/** The polling URL every long-running operation hands out (Azure-AsyncOperation and Location). */
export const operationRoutes: Route[] = [
  {
    method: 'GET',
    template: '/subscriptions/{sub}/providers/Microsoft.MachineLearningServices/locations/{loc}/workspaceOperationsStatus/{id}',
    handler: (req, p, ctx) => pollOperation(req, ctx, p.id!),
  },
];
