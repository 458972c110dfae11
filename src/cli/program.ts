import { Command, Option } from 'commander';
import { DEFAULT_EMULATOR_STATE } from '../azure/session.js';
import { toolVersion } from '../version.js';
import { collect, parseIntInRange, parseHttpsUrl } from './option-parsers.js';
import { addPolicyOptions } from './policy-options.js';
import { addRolloutOptions } from './rollout-options.js';

/**
 * The command tree. Actions import their command modules lazily so that parsing, --help and --version stay free of the
 * Azure SDK.
 */
export function buildProgram(): Command {
  const program = new Command('aml-isolate')
    .description(
      'Audit and remediate Azure Machine Learning workspaces for managed virtual network isolation with internet ' +
        'outbound access (Trend Micro Cloud Conformity MachineLearning-005).',
    )
    .version(toolVersion, '-V, --version', 'print the version and exit')
    .helpOption('-h, --help', 'show help')
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      // commander's messages may span lines ("Did you mean ...?"); the tool promises one line on stderr.
      outputError: (text, write) => write(`aml-isolate: ${text.trim().replace(/\s*\n\s*/g, ' ')} (see --help)\n`),
    })
    .addOption(
      new Option('--cloud <name>', 'Azure cloud').choices(['AzureCloud', 'AzureChinaCloud', 'AzureUSGovernment']).default('AzureCloud'),
    )
    .addOption(
      new Option('--arm-endpoint <url>', 'ARM endpoint (Azure Stack Hub, private cloud, standalone emulator); https only').argParser(
        parseHttpsUrl,
      ),
    )
    .addOption(
      new Option(
        '--credential <kind>',
        'how to authenticate: default = DefaultAzureCredential (honours AZURE_TOKEN_CREDENTIALS), cli = Azure CLI login, emulator = the local emulator token (loopback endpoints only)',
      )
        .choices(['default', 'cli', 'emulator'])
        .default('default'),
    )
    .addOption(
      new Option('--max-retries <n>', 'retries of a call answered 5xx or cut off (0-10); a 429 is waited out as ARM asks (Retry-After)')
        .argParser(parseIntInRange('--max-retries', 0, 10))
        .default(4),
    )
    .option('--emulator', 'run against the embedded ARM emulator (no Azure account needed; state persists between commands)')
    .option('--emulator-state <file>', 'state file of the embedded emulator (its folder must exist, except the default)', DEFAULT_EMULATOR_STATE)
    .option('--no-color', 'no colours in terminal output (NO_COLOR is honoured too)')
    .option('--verbose', 'print error causes and stack traces')
    .option('--query <jmespath>', 'JMESPath query applied to JSON output (as az --query); with audit also to yaml and tsv')
    .option('--output-file <path>', 'write what would go to stdout to this file instead (atomically: all or nothing)');

  program
    .command('audit')
    .description('find every workspace the credential can see and report which rules fail and why')
    .addOption(
      new Option('-s, --subscription <id>', 'subscription to scan (repeatable; default: all the credential can see)').argParser(collect),
    )
    .option('-g, --resource-group <name>', 'only this resource group (in each scanned subscription)')
    .addOption(
      new Option('-o, --output <format>', 'output format (html: one self-contained page; none: exit code only)')
        .choices(['table', 'json', 'yaml', 'tsv', 'sarif', 'csv', 'html', 'none'])
        .default('table'),
    )
    .option('--sarif-artifact <path>', 'with -o sarif: where the JSON report the results point at is written (default: beside --output-file)')
    .addOption(
      new Option('--discovery <method>', 'how workspaces are found; resource-graph suits very large tenants (every hit is confirmed by an ARM GET)')
        .choices(['arm', 'resource-graph'])
        .default('arm'),
    )
    .addOption(
      new Option('--concurrency <n>', 'ARM calls in flight at most (1-512)').argParser(parseIntInRange('--concurrency', 1, 512)).default(64),
    )
    .option('--no-diagnostic-settings', 'skip reading diagnostic settings (the diagnostic-logs check is left out)')
    .option('--json-schema', 'print the JSON Schema of --output json and exit (reads nothing)')
    .action(async (_options: unknown, command: Command) => {
      const { auditCommand } = await import('../commands/audit.js');
      process.exitCode = await auditCommand(command.optsWithGlobals());
    });

  addPolicyOptions(
    program
      .command('plan')
      .description('read non-compliant workspaces and save a reviewable remediation plan under plans/')
      .argument('[workspace...]', 'workspace ids, or names unique in scope (default: every non-compliant workspace in scope)')
      .option('-n, --name <name>', 'workspace name, as az ml workspace show -n (looked up in -g/--subscription)')
      .addOption(
        new Option('-s, --subscription <id>', 'scope when no workspace id is given, and where names are looked up (repeatable)').argParser(collect),
      )
      .option('-g, --resource-group <name>', 'scope when no workspace id is given, and where names are looked up'),
  )
    .option('--out-dir <dir>', 'where plans are saved (plans/<plan-id>/plan.json)', 'plans')
    .addOption(new Option('-o, --output <format>', 'how the plan is shown on stdout').choices(['text', 'json']).default('text'))
    .option('--detailed-exitcode', 'exit 0 when there is nothing to do, 1 on error, 2 when changes are planned')
    .option('--skip-blocked', 'leave workspaces with errors (e.g. computes blocking an in-place change) out and plan the rest')
    .option('--rollout', 'save the rollout (canary and waves) in the plan so reviewers see the order; implied by any rollout flag')
    .option('--signing-key <file>', 'also sign the plan written (plan.sig) with this key, for apply --require-signed');
  addRolloutOptions(program.commands.at(-1)!)
    .action(async (ids: string[], _options: unknown, command: Command) => {
      const { planCommand } = await import('../commands/plan.js');
      process.exitCode = await planCommand(ids, command.optsWithGlobals());
    });

  program
    .command('show')
    .description('show a saved plan')
    .argument('<plan>', 'plan file (plans/<plan-id>/plan.json)')
    .addOption(new Option('-o, --output <format>', 'text, json, or html (a self-contained page with the journal\'s outcome)').choices(['text', 'json', 'html']).default('text'))
    .action(async (path: string, _options: unknown, command: Command) => {
      const { showCommand } = await import('../commands/show.js');
      process.exitCode = await showCommand(path, command.optsWithGlobals());
    });

  addPolicyOptions(
    program
      .command('config')
      .description('write only the az ml workspace YAML (workspace-config.yml) for a workspace\'s target, or from a plan')
      .argument('[workspace]', 'workspace id, or name unique in scope, whose target to write (computed as plan would)')
      .option('-n, --name <name>', 'workspace name, as az ml workspace show -n')
      .option('-g, --resource-group <name>', 'resource group where the name is looked up')
      .addOption(new Option('-s, --subscription <id>', 'subscription where the name is looked up (repeatable)').argParser(collect)),
  )
    .option('--plan <file>', 'take the target from a saved plan instead')
    .option('--workspace <id-or-name>', 'with --plan: which workspace of the plan')
    .option('--out <file>', 'file to write, or - for stdout', 'workspace-config.yml')
    .option('--force', 'overwrite --out if it exists')
    .action(async (id: string | undefined, _options: unknown, command: Command) => {
      const { configCommand } = await import('../commands/config.js');
      process.exitCode = await configCommand(id, command.optsWithGlobals());
    });

  program
    .command('guide')
    .description('interactive remediation: audit, pick workspaces, answer what cannot be inferred, save a plan and optionally apply it (needs a terminal)')
    .option('--out-dir <dir>', 'where plans are saved (plans/<plan-id>/plan.json)', 'plans')
    .action(async (_options: unknown, command: Command) => {
      const { guideCommand } = await import('../commands/guide.js');
      process.exitCode = await guideCommand(command.optsWithGlobals());
    });

  const runOptions = (command: Command) =>
    command
      .option('-y, --yes', 'do not ask for confirmation (required without a terminal)')
      .addOption(new Option('--concurrency <n>', 'workspaces in parallel (1-64)').argParser(parseIntInRange('--concurrency', 1, 64)).default(8))
      .addOption(new Option('-o, --output <format>', 'text progress on stderr, or json events on stdout').choices(['text', 'json']).default('text'))
      .addOption(
        new Option('--poll-interval-ms <n>', 'base of the poll schedule of long-running operations (default 2000: 2 s, growing with how long the operation takes; 0 polls back to back; Retry-After wins)')
          .argParser(parseIntInRange('--poll-interval-ms', 0, 600_000))
          .hideHelp(),
      )
      .addOption(new Option('--break-azure-lock', 'take over the lock tag (aml-isolate-lock) of another plan\'s run on the workspaces, once you know that run is gone').conflicts('azureLock'))
      .option('--no-azure-lock', 'neither read nor write the lock tag in Azure (e.g. without Microsoft.Resources/tags/write): only this machine\'s lock guards the workspaces')
      .option('--require-signed', 'refuse the plan unless its signature (plan.sig, made by aml-isolate sign) verifies with the key')
      .option('--signing-key <file>', 'with --require-signed: the key file (default: $AML_ISOLATE_SIGNING_KEY), kept outside the plans folder');

  runOptions(
    program
      .command('apply')
      .description('execute a saved plan step by step (journaled, resumable); refuses stale, tampered or locked plans')
      .argument('<plan>', 'plan file (plans/<plan-id>/plan.json)')
      .option('--dry-run', 'do every read and check and print each write that would be sent (method, URL, body); write nothing')
      .option('--fail-fast', 'after the first failure, start no new step in any workspace'),
  );
  addRolloutOptions(program.commands.at(-1)!).action(async (path: string, _options: unknown, command: Command) => {
    const { applyCommand } = await import('../commands/apply.js');
    process.exitCode = await applyCommand(path, command.optsWithGlobals());
  });

  runOptions(
    program
      .command('rollback')
      .description('undo what apply did, in reverse order, from the journal (itself journaled and resumable)')
      .argument('<plan>', 'plan file that was applied'),
  ).action(async (path: string, _options: unknown, command: Command) => {
    const { rollbackCommand } = await import('../commands/rollback.js');
    process.exitCode = await rollbackCommand(path, command.optsWithGlobals());
  });

  program
    .command('sign')
    .description('sign a reviewed plan (HMAC-SHA256 with a key kept outside the plans folder) so that apply --require-signed accepts it')
    .argument('<plan>', 'plan file (plans/<plan-id>/plan.json)')
    .option('--signing-key <file>', 'the key file (default: $AML_ISOLATE_SIGNING_KEY): at least 32 random bytes, chmod 600')
    .action(async (path: string, _options: unknown, command: Command) => {
      const { signCommand } = await import('../commands/sign.js');
      process.exitCode = await signCommand(path, command.optsWithGlobals());
    });

  program
    .command('status')
    .description('where a run of a plan stands: done, failed, pending, rolled back (reads only local files, unless --reconcile)')
    .argument('<plan>', 'plan file')
    .addOption(new Option('-o, --output <format>', 'text or json').choices(['text', 'json']).default('text'))
    .option('--reconcile', 'read every step\'s effect from live state; when the journal is lost, rebuild it so apply can resume and rollback can undo')
    .action(async (path: string, _options: unknown, command: Command) => {
      const { statusCommand } = await import('../commands/status.js');
      process.exitCode = await statusCommand(path, command.optsWithGlobals());
    });

  program
    .command('compare')
    .description('parity of a re-created workspace: per kind of contents, source and target counts, copied, skipped with reason, differences (reads only)')
    .argument('<source-id>', 'ARM id of the source workspace')
    .argument('<target-id>', 'ARM id of the re-created workspace')
    .addOption(new Option('-o, --output <format>', 'text or json').choices(['text', 'json']).default('text'))
    .option('--endpoint-name <rule>', 'the plan\'s carryOver.endpointName: a target in the source\'s region holds each endpoint under this name (default {name}-2)')
    .action(async (sourceId: string, targetId: string, _options: unknown, command: Command) => {
      const { compareCommand } = await import('../commands/compare.js');
      process.exitCode = await compareCommand(sourceId, targetId, command.optsWithGlobals());
    });

  program
    .command('report')
    .description('write one self-contained HTML page from an audit report (audit -o json) and/or a plan and its journal; no Azure call')
    .option('--audit <file>', 'audit report JSON (aml-isolate audit -o json)')
    .option('--plan <file>', 'plan file (plans/<plan-id>/plan.json); its journal\'s outcome is shown when it was applied')
    .action(async (_options: unknown, command: Command) => {
      const { reportCommand } = await import('../commands/report.js');
      process.exitCode = await reportCommand(command.optsWithGlobals());
    });

  const emulator = program.command('emulator').description('the embedded ARM emulator');
  emulator
    .command('serve')
    .description('run the emulator standalone (HTTPS on loopback) until interrupted; prints its endpoint and CA file')
    .addOption(new Option('--port <n>', 'port (0 = any free port)').argParser(parseIntInRange('--port', 0, 65535)).default(0))
    .option('--state <file>', 'state file (created and seeded on first use)', '.aml-isolate/emulator/state.json')
    .addOption(new Option('--seed <fleet>', 'fleet to seed a new state file with').choices(['demo', 'demo-hubs', 'empty']).default('demo'))
    .addOption(new Option('--latency-ms <n>', 'added latency per call').argParser(parseIntInRange('--latency-ms', 0, 60_000)).default(0))
    .addOption(
      new Option('--lro-duration-ms <n>', 'how long long-running operations stay InProgress')
        .argParser(parseIntInRange('--lro-duration-ms', 0, 3_600_000))
        .default(0),
    )
    .option('--throttle', "enforce ARM's per-subscription request throttling")
    .action(async (_options: unknown, command: Command) => {
      const { emulatorServeCommand } = await import('../commands/emulator.js');
      process.exitCode = await emulatorServeCommand(command.optsWithGlobals());
    });
  emulator
    .command('reset')
    .description('discard the emulator state file and seed it again')
    .option('--state <file>', 'state file', '.aml-isolate/emulator/state.json')
    .addOption(new Option('--seed <fleet>', 'fleet to seed with').choices(['demo', 'demo-hubs', 'empty']).default('demo'))
    .action(async (_options: unknown, command: Command) => {
      const { emulatorResetCommand } = await import('../commands/emulator.js');
      process.exitCode = await emulatorResetCommand(command.optsWithGlobals());
    });

  return program;
}
