/**
 * A plan's rollout must name every workspace apply runs (not blocked, with steps) exactly once and nothing else:
 * otherwise an edited rollout could leave a workspace out or run one twice. Reports each problem through `report`.
 */
export function checkRolloutCovers(
  waves: readonly (readonly string[])[],
  workspaces: readonly { sourceId: string; blocked: boolean; steps: readonly unknown[] }[],
  report: (message: string) => void,
): void {
  const runnable = new Set(workspaces.filter((w) => !w.blocked && w.steps.length > 0).map((w) => w.sourceId));
  const seen = new Set<string>();
  for (const id of waves.flat()) {
    if (seen.has(id)) report(`workspace ${id} is in more than one wave`);
    else if (!runnable.has(id)) report(`workspace ${id} is in a wave but is not a runnable workspace of this plan`);
    seen.add(id);
  }
  for (const id of runnable) if (!seen.has(id)) report(`workspace ${id} is in no wave`);
}
