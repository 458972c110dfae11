import { relative } from 'node:path';
import { plansDirFor } from '../apply/plan-paths.js';
import { signingKeyFor, signPlan } from '../apply/plan-signature.js';
import { ExitCode } from '../exit-codes.js';
import { readPlanFile } from '../plan/index.js';

export interface SignCommandOptions {
  signingKey?: string;
}

/**
 * `aml-isolate sign PLAN`: after review, signs the plan as it is (its content hash is checked first, so a damaged file
 * is refused) and writes plan.sig beside it. Reads no Azure state and sends nothing.
 */
export async function signCommand(path: string, options: SignCommandOptions): Promise<number> {
  const key = await signingKeyFor(options.signingKey, plansDirFor(path), 'sign');
  const plan = await readPlanFile(path);
  const written = await signPlan(path, plan, key);
  process.stderr.write(`aml-isolate: signed plan ${plan.planId} with key ${key.keyId}: ${relative(process.cwd(), written) || written}\n`);
  return ExitCode.ok;
}
