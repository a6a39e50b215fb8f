import type { NewSilence, SilenceView } from './api.ts';
import { expire, newSilence, type Silence, SilenceSet, silenceView } from './silences.ts';
import type { AlertStore } from './store.ts';

/** The silences: kept in memory for every evaluation, written through to SQLite. */
export class SilenceBook {
  private list: Silence[];

  constructor(private readonly store: AlertStore) {
    this.list = store.silences();
  }

  /** The silences active at `now`, compiled for matching. */
  activeAt(now: number): SilenceSet {
    return new SilenceSet(this.list, now);
  }

  views(now: number): SilenceView[] {
    return this.list.map((s) => silenceView(s, now));
  }

  create(input: NewSilence, now: number): SilenceView {
    const silence = newSilence(input, now);
    this.store.saveSilence(silence);
    this.list = [...this.list, silence];
    return silenceView(silence, now);
  }

  /** Drops silences that ended before `time` (pruned from the store). */
  forgetBefore(time: number): void {
    this.list = this.list.filter((s) => s.endsAt >= time);
  }

  expire(id: string, now: number): SilenceView | undefined {
    const found = this.list.find((s) => s.id === id);
    if (!found) return undefined;
    const expired = expire(found, now);
    if (expired !== found) {
      this.store.saveSilence(expired);
      this.list = this.list.map((s) => (s.id === id ? expired : s));
    }
    return silenceView(expired, now);
  }
}
