/** The read side of `plan`: observe the real state of workspaces and what the policy needs around them. */
export { observeWorkspace, type ObserveWorkspaceOptions } from './observe-workspace.js';
export { observeContext, type ObserveContextOptions, type PolicyNeeds } from './observe-context.js';
export { diffNormalised, fingerprintCollection, fingerprintResource, normaliseResource, sameFingerprint, volatileFields } from './fingerprint.js';
export { redactSecrets } from './redact.js';
export { apiVersions, peTargetApiVersions } from '../model/api-versions.js';
export type { ObserveClients } from './ports.js';
export type { CandidateName } from './name-states.js';
