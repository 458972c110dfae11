import { relative } from 'node:path';
import { plansDirFor } from '../apply/plan-paths.js';
import { readSigningKey, signPlan } from '../apply/plan-signature.js';
import { UsageError } from '../errors.js';
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
  const keyPath = options.signingKey ?? process.env['AML_ISOLATE_SIGNING_KEY'];
  if (!keyPath) throw new UsageError('sign needs a key: --signing-key FILE, or AML_ISOLATE_SIGNING_KEY=FILE (at least 32 random bytes, chmod 600, outside the plans folder).');
  const key = await readSigningKey(keyPath, plansDirFor(path));
  const plan = await readPlanFile(path);
  const written = await signPlan(path, plan, key);
  process.stderr.write(`aml-isolate: signed plan ${plan.planId} with key ${key.keyId}: ${relative(process.cwd(), written) || written}\n`);
  return ExitCode.ok;
}
