import { collectionsOf, type ArmObject, type StoredState } from './state.js';

/**
 * In-memory state plus the collection index. Invariant: `index` lists, for every collection path, exactly the ids in
 * `state.resources` that belong to it, in insertion order; so a list page is a slice, O(page).
 */
export class Store {
  private index = new Map<string, string[]>();
  /** Set by every mutation; the server persists and clears it before answering. */
  dirty = false;

  constructor(public state: StoredState) {
    this.rebuildIndex();
  }

  replace(state: StoredState): void {
    this.state = state;
    this.rebuildIndex();
    this.dirty = true;
  }

  get(id: string): ArmObject | undefined {
    return this.state.resources[id.toLowerCase()];
  }

  put(resource: ArmObject): void {
    const key = resource.id.toLowerCase();
    if (!(key in this.state.resources)) {
      for (const c of collectionsOf(key)) this.listOf(c).push(key);
    }
    this.state.resources[key] = resource;
    this.dirty = true;
  }

  delete(id: string): boolean {
    const key = id.toLowerCase();
    if (!(key in this.state.resources)) return false;
    delete this.state.resources[key];
    delete this.state.secrets[key];
    for (const c of collectionsOf(key)) {
      const list = this.index.get(c);
      const at = list?.indexOf(key) ?? -1;
      if (list && at >= 0) list.splice(at, 1);
    }
    this.dirty = true;
    return true;
  }

  /** Deletes an object and everything below it (children, diagnostic settings). */
  deleteTree(id: string): void {
    const prefix = id.toLowerCase() + '/';
    for (const key of Object.keys(this.state.resources)) if (key.startsWith(prefix)) this.delete(key);
    this.delete(id);
  }

  /** Members of a collection (its list URL path), one page. */
  page(collection: string, offset: number, size: number): { items: ArmObject[]; total: number } {
    const list = this.index.get(collection.toLowerCase()) ?? [];
    const items = list.slice(offset, offset + size).map((k) => this.state.resources[k]!);
    return { items, total: list.length };
  }

  all(collection: string): ArmObject[] {
    return this.page(collection, 0, Number.MAX_SAFE_INTEGER).items;
  }

  /** Secrets of a datastore or connection (never part of what GET returns); `undefined` removes them. */
  setSecrets(id: string, secrets: Record<string, unknown> | undefined): void {
    if (secrets === undefined) delete this.state.secrets[id.toLowerCase()];
    else this.state.secrets[id.toLowerCase()] = secrets;
    this.dirty = true;
  }

  secretsOf(id: string): Record<string, unknown> | undefined {
    return this.state.secrets[id.toLowerCase()];
  }

  touch(): void {
    this.dirty = true;
  }

  private listOf(collection: string): string[] {
    let list = this.index.get(collection);
    if (!list) this.index.set(collection, (list = []));
    return list;
  }

  private rebuildIndex(): void {
    this.index = new Map();
    for (const key of Object.keys(this.state.resources)) for (const c of collectionsOf(key)) this.listOf(c).push(key);
  }
}
