import { InvalidArgumentError, Option, type Command } from 'commander';
import type { PolicyFlags } from '../plan/policy.js';
import { parseCarryOverFlag } from '../plan/carry-over-flags.js';
import { collect } from './option-parsers.js';

/** The flags that build a remediation policy (with or instead of --policy FILE); shared by `plan` and `config`. */
export function addPolicyOptions(command: Command): Command {
  return command
    .option('--policy <file>', 'remediation policy YAML (see plans/README.md); flags below override it')
    .option('--tag <name=value>', 'tag added to remediated workspaces (default aml-isolate=remediated)')
    .option('--no-tag', 'add no remediation tag')
    .addOption(
      new Option('--private-endpoint <id:subresource[:spark]>', 'extra private-endpoint outbound rule (repeatable)').argParser(collect),
    )
    .option('--default-storage-pe <list>', 'private endpoints to the default storage account: comma list of blob,file,queue,table,dfs,web, or none (default blob,file)')
    .option('--require-cmk', 'the workspace must have a customer-managed key (forces re-creation when it has none)')
    .option('--cmk-key-vault <id>', 'ARM id of the key vault holding the customer-managed key')
    .option('--cmk-key-name <name>', 'name of the key in that vault')
    .option('--cmk-key-uri <uri>', 'key URI (https://{vault}.vault.azure.net/keys/{name}[/{version}]) instead of --cmk-key-name')
    .option('--hbi', 'High Business Impact (forces re-creation when not set)')
    .option('--serverless-spark', 'make serverless Spark work behind the managed network (storage rule with Spark, provision with Spark)')
    .option('--name-suffix <suffix>', 'name of a re-created workspace: the old name plus this (default -iso)')
    .option('--name-template <template>', 'name of a re-created workspace, with {name} for the old name')
    .option('--allow-same-name', 're-create under the same name: deletes and purges the source first (irreversible)')
    .addOption(new Option('--retire-source <how>', 'last step of a re-creation, after the new workspace is verified').choices(['keep', 'soft-delete', 'purge']))
    .option('--allow-removing-computes', 'allow deleting compute instances, clusters and online endpoints that block an in-place change')
    .addOption(new Option('--inbound <mode>', 'how users keep access once public access is Disabled (default auto: existing in place, mirror the source when re-creating)').choices(['auto', 'existing', 'create', 'none']))
    .option('--inbound-subnet <id>', 'create an inbound private endpoint to the workspace in this subnet, with its private DNS zones (implies --inbound create)')
    .option('--private-dns-zone-rg <name>', 'resource group of the private DNS zones to use or create (default: the subnet\'s)')
    .addOption(new Option('--private-dns-zone-id <id>', 'an existing private DNS zone to use (repeatable: the api and notebooks zones)').argParser(collect))
    .option('--allow-no-inbound', 'acknowledge that users lose studio/SDK/az ml access: disable public access without any private endpoint (implies --inbound none)')
    .addOption(new Option('--carry-over <kind=decision>', 'what a re-creation does with a kind of contents: copy, list or skip (repeatable; e.g. onlineEndpoints=copy)').argParser(collectCarryOver))
    .option('--copy-secrets', 'copy datastore and connection secrets when re-creating (read with listSecrets at apply, never written down)');
}

/** Refuses a bad --carry-over at parse time, in one line; the raw values go on to policyFromFlags. */
function collectCarryOver(value: string, previous: string[] | undefined): string[] {
  const parsed = parseCarryOverFlag(value);
  if (typeof parsed === 'string') throw new InvalidArgumentError(parsed);
  return [...(previous ?? []), value];
}

/**
 * What commander parses from those options: named like PolicyFlags (src/plan/policy.ts) except --tag/--no-tag (one
 * key, string or false) and --default-storage-pe (a comma list).
 */
export type PolicyCliOptions = Omit<PolicyFlags, 'tag' | 'noTag' | 'defaultStoragePrivateEndpoints'> & {
  policy?: string;
  tag?: string | boolean;
  defaultStoragePe?: string;
};
