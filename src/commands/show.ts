import { ExitCode } from '../exit-codes.js';
import { readPlanFile, renderPlan } from '../plan/index.js';
import { useColor } from '../cli/option-parsers.js';

/** `aml-isolate show PLAN`: a saved plan, as `plan` showed it (or as JSON). Reads no Azure state. */
export async function showCommand(path: string, options: { output: 'text' | 'json'; color: boolean }): Promise<number> {
  const plan = await readPlanFile(path);
  const color = useColor(options);
  process.stdout.write(options.output === 'json' ? `${JSON.stringify(plan, null, 2)}\n` : renderPlan(plan, { color }));
  return ExitCode.ok;
}
