import type { ClusterConfig } from '../config/index.ts';
import { buildSnapshot } from './build.ts';
import { DEFAULT_LAG_WINDOW } from './derive/lag-window.ts';
import { type ClusterReader, emptyReadCache, type ReadCache, readCycle } from './read.ts';
import { type ClusterSnapshot, freezeSnapshot } from './snapshot.ts';
import { type CollectorState, emptyState } from './state.ts';

/** One cluster's collection: reads a cycle, builds the snapshot, remembers what the next cycle needs. */
export class ClusterCollection {
  private readonly cache: ReadCache = emptyReadCache();

  constructor(
    private readonly cluster: ClusterConfig,
    private readonly reader: ClusterReader,
    readonly state: CollectorState = emptyState(),
  ) {}

  async cycle(now: () => number = Date.now): Promise<ClusterSnapshot> {
    // A bracket wider than ~1.5 poll intervals means a gap in the history: read the record instead.
    const maxBracketMs = Math.round(this.cluster.pollInterval * 1.5);
    const raw = await readCycle(
      this.reader,
      this.state,
      this.cache,
      { cluster: this.cluster, maxBracketMs, configEveryCycles: 20, maxTimestampFetches: 2000 },
      now,
    );
    const buildStarted = performance.now();
    const snapshot = buildSnapshot(this.cluster.name, raw, this.state, {
      lagWindow: DEFAULT_LAG_WINDOW,
      maxBracketMs,
    });
    // Timed here, not inside, so that building stays a pure function of its inputs.
    const buildMs = performance.now() - buildStarted;
    return freezeSnapshot({ ...snapshot, stats: { ...snapshot.stats, buildMs } });
  }
}
