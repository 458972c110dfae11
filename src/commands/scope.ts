import { UsageError } from '../errors.js';
import { isResourceGroupName, isSubscriptionId } from '../cli/option-parsers.js';

/** Validates --subscription / --resource-group before anything is read. */
export function validateScope(options: { subscription?: string[]; resourceGroup?: string }): void {
  for (const id of options.subscription ?? []) {
    if (!isSubscriptionId(id)) throw new UsageError(`--subscription "${id}" is not a subscription id (a GUID such as 00000000-0000-0000-0000-000000000000).`);
  }
  if (options.resourceGroup !== undefined && !isResourceGroupName(options.resourceGroup)) {
    throw new UsageError(`--resource-group "${options.resourceGroup}" is not a valid resource group name (1-90 letters, digits, _ - . ( ), not ending in a period).`);
  }
}
