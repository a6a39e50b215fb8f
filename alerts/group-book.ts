import type { GroupState } from './grouping.ts';

/**
 * The alert groups of every receiver, and what of them is already in SQLite: a step writes
 * only the groups that changed since the last write.
 */
export class GroupBook {
  readonly groups = new Map<string, GroupState>();
  private saved = new Map<string, string>();

  constructor(loaded: readonly GroupState[]) {
    for (const group of loaded) this.groups.set(group.key, group);
    this.markSaved();
  }

  get dirty(): boolean {
    if (this.groups.size !== this.saved.size) return true;
    for (const [key, group] of this.groups) if (this.saved.get(key) !== JSON.stringify(group)) return true;
    return false;
  }

  /** Groups changed or removed since the last call; they count as saved from now on. */
  takeChanges(): { groups: GroupState[]; removedGroups: string[] } {
    const groups = [...this.groups]
      .filter(([key, g]) => this.saved.get(key) !== JSON.stringify(g))
      .map(([, g]) => g);
    const removedGroups = [...this.saved.keys()].filter((key) => !this.groups.has(key));
    this.markSaved();
    return { groups, removedGroups };
  }

  /** The last write failed: every group counts as changed until one succeeds. */
  markUnsaved(): void {
    this.saved = new Map();
  }

  private markSaved(): void {
    this.saved = new Map([...this.groups].map(([key, group]) => [key, JSON.stringify(group)]));
  }
}
