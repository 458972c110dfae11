/** `aml-isolate guide`: the interactive remediation, a conversation over audit → plan → apply (see run-guide.ts). */
export { runGuide, type GuideOutcome, type RunGuideOptions } from './run-guide.js';
export { GuideCancelled, selectQuestion, checkboxQuestion, inputQuestion, confirmQuestion, type Choice, type GuideHost, type Question, type QuestionKind, type Verdict } from './question.js';
export { DefaultsHost } from './defaults-host.js';
export type { GuideWorld } from './world.js';
export { createAzureWorld, type AzureWorldOptions } from './azure-world.js';
export { vaultEligibility, keyEligibility, type Eligibility } from './eligibility.js';
export * from './validate.js';
