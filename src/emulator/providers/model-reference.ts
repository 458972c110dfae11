import type { EmulatorContext } from '../context.js';
import type { ArmObject } from '../state.js';

const ARM_MODEL = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.MachineLearningServices\/workspaces\/([^/]+)\/models\/([^/]+)\/versions\/([^/]+)$/i;
/** `azureml:name:version` or `azureml:name@latest` (the CLI's short forms). */
const SHORT_MODEL = /^azureml:([a-zA-Z0-9][a-zA-Z0-9_-]*)(?::([^:@/]+)|@latest)$/;

/**
 * Why a deployment's `model` does not resolve in workspace `ws`, or undefined when it does. Accepted: the ARM id of a
 * version in this workspace (optionally prefixed `azureml:`), `azureml:name:version`, `azureml:name@latest`, and
 * registry models (`azureml://registries/...`, outside the workspace, not checked here).
 */
export function modelReferenceProblem(ctx: EmulatorContext, ws: ArmObject, model: unknown): string | undefined {
  if (model === undefined || model === null) return undefined; // custom containers may deploy without a model
  const ref = String(model);
  if (/^azureml:\/\/registries\//i.test(ref)) return undefined;
  const arm = ARM_MODEL.exec(ref.replace(/^azureml:/i, ''));
  if (arm) {
    const wsOfRef = ref.replace(/^azureml:/i, '').split('/models/')[0]!;
    if (wsOfRef.toLowerCase() !== ws.id.toLowerCase()) return `Model '${ref}' is not in workspace '${ws.name}': a deployment can only use a model of its own workspace or of a registry.`;
    return versionProblem(ctx, ws, arm[2]!, arm[3]!, ref);
  }
  const short = SHORT_MODEL.exec(ref);
  if (short) return versionProblem(ctx, ws, short[1]!, short[2], ref);
  return `Model reference '${ref}' is not valid: use the ARM id of a model version, azureml:<name>:<version> or azureml://registries/...`;
}

function versionProblem(ctx: EmulatorContext, ws: ArmObject, name: string, version: string | undefined, ref: string): string | undefined {
  const versions = ctx.store.all(`${ws.id}/models/${name}/versions`);
  const found = version === undefined ? versions.length > 0 : versions.some((v) => v.name === version);
  return found ? undefined : `Could not find model '${ref}' in workspace '${ws.name}': register the model version first.`;
}
