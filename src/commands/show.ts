import { ExitCode } from '../exit-codes.js';
import { readPlanFile, renderPlan } from '../plan/index.js';
import { useColor } from '../cli/option-parsers.js';

/** `aml-isolate show PLAN`: a saved plan, as `plan` showed it, as JSON, or as an HTML page. Reads no Azure state. */
export async function showCommand(path: string, options: { output: 'text' | 'json' | 'html'; color: boolean }): Promise<number> {
  if (options.output === 'html') {
    const [{ planInput }, { renderHtmlReport }] = await Promise.all([import('./report.js'), import('../report/render-html.js')]);
    process.stdout.write(renderHtmlReport(await planInput(path)));
    return ExitCode.ok;
  }
  const plan = await readPlanFile(path);
  const color = useColor(options);
  process.stdout.write(options.output === 'json' ? `${JSON.stringify(plan, null, 2)}\n` : renderPlan(plan, { color }));
  return ExitCode.ok;
}
