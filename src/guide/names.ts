import { parseResourceId } from '../model/resource-id.js';
import { deriveWorkspaceName } from '../plan/naming.js';
import type { Plan } from '../plan/plan.js';
import { inputQuestion, type GuideHost } from './question.js';
import { checkNewName, nameUnconfirmedNote, verdictForNameState } from './validate.js';
import type { GuideWorld } from './world.js';

const FALLBACK_TEMPLATES = ['{name}-iso', '{name}-iso2', '{name}-iso3', '{name}-isolated', '{name}-mnet'];

/**
 * Asks the new name of every workspace the plan re-creates, validated live (pattern, then a GET: taken or not).
 * One plan holds one name template, so the first answer fixes it and later defaults follow it. Returns the template,
 * or undefined when nothing is re-created; `unnamable`: workspaces whose name under that template is not usable.
 */
export async function askNewNames(world: GuideWorld, host: GuideHost, plan: Plan): Promise<{ template?: string; unnamable: string[] }> {
  // A workspace blocked only by its default name (taken, say) is asked too: the answer unblocks it.
  const recreated = plan.workspaces.filter((w) => w.strategy === 'recreate' && w.diagnostics.every((d) => d.severity !== 'error' || d.code.startsWith('name-')));
  let template: string | undefined;
  const unnamable: string[] = [];
  for (const ws of recreated) {
    const sourceName = parseResourceId(ws.sourceId)!.name;
    const fixed = template;
    const live = async (name: string) => {
      const checked = checkNewName(sourceName, name, fixed);
      if (!checked.ok) return checked.message;
      return verdictForNameState(name, await world.nameState(ws.sourceId, name));
    };
    const def = fixed !== undefined ? deriveWorkspaceName(sourceName, fixed) : await firstUsable(sourceName, live);
    if (def === undefined || (await live(def)) !== true) {
      host.show(`No usable new name for ${sourceName} follows ${fixed ?? 'the usual patterns'}; it is left out of this plan (plan it on its own with plan --name-template).`);
      unnamable.push(ws.sourceId);
      continue;
    }
    const name = await host.ask(inputQuestion(`newName:${sourceName}`, `Name of the new workspace that replaces ${sourceName}:`, def, live));
    template ??= (checkNewName(sourceName, name) as { ok: true; template: string }).template;
    if ((await world.nameState(ws.sourceId, name)) === 'unknown') host.show(nameUnconfirmedNote(name));
  }
  return { ...(template !== undefined ? { template } : {}), unnamable };
}

async function firstUsable(sourceName: string, live: (name: string) => Promise<true | string>): Promise<string | undefined> {
  for (const t of FALLBACK_TEMPLATES) {
    const name = deriveWorkspaceName(sourceName, t);
    if ((await live(name)) === true) return name;
  }
  return undefined;
}
