import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { realpath, stat } from 'node:fs/promises';
import { dirname, join, relative, isAbsolute } from 'node:path';
import { writeFileAtomic } from '../atomic-write.js';
import { ToolError, UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { jsonErrorWithoutContent, readInputFile } from '../input-file.js';
import type { Plan } from '../plan/index.js';

/**
 * Signed plans (issue 14): the content hash catches accidents, not edits (anyone can recompute it), so a reviewer or a
 * trusted pipeline can sign a plan with a secret key kept outside the plans folder, and `apply --require-signed`
 * refuses any plan whose signature does not verify. The signature is an HMAC-SHA256 over the plan's id and content
 * hash (which covers every field of the plan, its requests included), stored beside the plan in `plan.sig`: the plan
 * file itself is unchanged, so plans stay readable by older versions.
 */
export interface SigningKey {
  readonly secret: Buffer;
  /** First 16 hex of SHA-256 of the key: names the key in the signature file without revealing it. */
  readonly keyId: string;
}

interface SignatureFile {
  format: 'aml-isolate-plan-signature/1';
  algorithm: 'HMAC-SHA256';
  keyId: string;
  planId: string;
  contentHash: string;
  signature: string;
}

const MAX_KEY_BYTES = 4096;
const MIN_KEY_BYTES = 32;

export class PlanSignatureError extends ToolError {
  constructor(message: string) {
    super(message, ExitCode.locked);
  }
}

/** The signature file of a plan: plan.sig in the plan's folder. */
export function signaturePathFor(planPath: string): string {
  return join(dirname(planPath), 'plan.sig');
}

/**
 * Reads the key: a regular file readable by its owner only (chmod 600), at least 32 bytes, outside the plans folder
 * (a key beside the plans would sign whatever an attacker who can edit plans wrote). UsageError otherwise.
 */
export async function readSigningKey(path: string, plansDir: string): Promise<SigningKey> {
  const text = await readInputFile(path, 'signing key', MAX_KEY_BYTES);
  const info = await stat(path); // the key file's own mode, through a link if it is one
  if ((info.mode & 0o077) !== 0) throw new UsageError(`signing key ${path} can be read by other users: chmod 600 it (and keep it outside the plans folder).`);
  const [key, plans] = await Promise.all([realpath(path), realpath(plansDir).catch(() => plansDir)]);
  const inside = relative(plans, key);
  if (!inside.startsWith('..') && !isAbsolute(inside)) throw new UsageError(`signing key ${path} is inside the plans folder ${plansDir}: keep it outside, where whoever can edit plans cannot read it.`);
  const secret = Buffer.from(text.trim(), 'utf8');
  if (secret.length < MIN_KEY_BYTES) throw new UsageError(`signing key ${path} holds ${secret.length} bytes; use at least ${MIN_KEY_BYTES} random bytes (e.g. openssl rand -hex 32 > ${path}).`);
  return { secret, keyId: createHash('sha256').update(secret).digest('hex').slice(0, 16) };
}

/** The key named by the flag, else by AML_ISOLATE_SIGNING_KEY; `who` (e.g. "sign") needs one: UsageError without. */
export function signingKeyFor(flag: string | undefined, plansDir: string, who: string): Promise<SigningKey> {
  const path = flag ?? process.env['AML_ISOLATE_SIGNING_KEY'];
  if (!path) throw new UsageError(`${who} needs the key: --signing-key FILE, or AML_ISOLATE_SIGNING_KEY=FILE (at least ${MIN_KEY_BYTES} random bytes, chmod 600, outside the plans folder).`);
  return readSigningKey(path, plansDir);
}

function signatureOf(plan: Plan, key: SigningKey): string {
  return createHmac('sha256', key.secret).update(`aml-isolate-plan-v1\n${plan.planId}\n${plan.contentHash}`).digest('hex');
}

/** Writes plan.sig beside the plan (atomic, 0600). The plan must have been read and verified (readPlanFile). */
export async function signPlan(planPath: string, plan: Plan, key: SigningKey): Promise<string> {
  const file: SignatureFile = { format: 'aml-isolate-plan-signature/1', algorithm: 'HMAC-SHA256', keyId: key.keyId, planId: plan.planId, contentHash: plan.contentHash, signature: signatureOf(plan, key) };
  const path = signaturePathFor(planPath);
  await writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  return path;
}

/** Refuses (PlanSignatureError, exit 7) a plan without a signature that verifies with this key. */
export async function verifyPlanSignature(planPath: string, plan: Plan, key: SigningKey): Promise<void> {
  const path = signaturePathFor(planPath);
  const what = `plan ${plan.planId}`;
  let text: string;
  try {
    text = await readInputFile(path, 'plan signature', MAX_KEY_BYTES);
  } catch {
    throw new PlanSignatureError(`${what} is not signed (no readable ${path}) and --require-signed was given: have it reviewed and signed with aml-isolate sign.`);
  }
  let file: Partial<SignatureFile>;
  try {
    file = JSON.parse(text) as Partial<SignatureFile>;
  } catch (error) {
    throw new PlanSignatureError(`${path} is not a plan signature (${jsonErrorWithoutContent(error)}): sign the plan again with aml-isolate sign.`);
  }
  if (file?.format !== 'aml-isolate-plan-signature/1' || file.algorithm !== 'HMAC-SHA256' || typeof file.signature !== 'string') {
    throw new PlanSignatureError(`${path} is not a plan signature this version understands: sign the plan again with aml-isolate sign.`);
  }
  if (file.keyId !== key.keyId) throw new PlanSignatureError(`${what} was signed with another key (key id ${String(file.keyId)}, this one ${key.keyId}): use the key it was signed with, or have it signed again.`);
  const expected = Buffer.from(signatureOf(plan, key), 'hex');
  const given = Buffer.from(/^[0-9a-f]{64}$/.test(file.signature) ? file.signature : '', 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new PlanSignatureError(`${what} does not match its signature: it was changed after it was signed. Do not apply it; make and review a new plan.`);
  }
}
