import type { Database, Statement } from 'better-sqlite3';
import { LagWindow } from '../collector/index.ts';
import { partitionKey } from '../model/index.ts';
import { getOrInsert } from '../shared/maps.ts';

export interface KnownBroker {
  id: number;
  host: string;
  port: number;
  rack: string | null;
  firstSeen: number;
  lastSeen: number;
}

interface Streak {
  groupId: number;
  topicId: number;
  partition: number;
  window: LagWindow;
  lastIndex: number;
}

/** Reads back what the collector keeps in memory, so a restart does not reset it. */
export class CollectorMemory {
  private readonly sql: {
    knownBrokers: Statement<[string], KnownBroker>;
    reachableCycles: Statement<[number, number], { id: number; offsetsAt: number }>;
    observations: Statement<[number]>;
  };

  constructor(db: Database) {
    this.sql = {
      knownBrokers: db.prepare(
        `SELECT broker_id AS id, host, port, rack, first_seen AS firstSeen, last_seen AS lastSeen
         FROM known_broker WHERE cluster = ? ORDER BY broker_id`,
      ),
      reachableCycles: db.prepare(
        'SELECT id, offsets_at AS offsetsAt FROM cycle WHERE cluster_id = ? AND reachable = 1 ORDER BY at DESC LIMIT ?',
      ),
      observations: db.prepare(
        `SELECT group_id, topic_id, partition, committed, lag FROM group_partition_lag
         WHERE cycle_id = ? AND committed IS NOT NULL AND lag IS NOT NULL`,
      ),
    };
  }

  knownBrokers(cluster: string): KnownBroker[] {
    return this.sql.knownBrokers.all(cluster);
  }

  /**
   * The Burrow windows as the collector held them: per group-partition, its observations in
   * the newest `size` reachable cycles, counting only the unbroken streak up to the newest
   * one — the collector drops a window as soon as a reachable cycle lacks its partition.
   */
  lagWindows(
    clusterId: number,
    size: number,
    names: { topics: ReadonlyMap<number, string>; groups: ReadonlyMap<number, string> },
  ): Map<string, Map<string, LagWindow>> {
    const cycles = this.sql.reachableCycles.all(clusterId, size).reverse();
    const streaks = new Map<string, Streak>();
    cycles.forEach((cycle, index) => {
      const rows = this.sql.observations.raw().all(cycle.id) as [number, number, number, number, number][];
      for (const [groupId, topicId, partition, offset, lag] of rows) {
        const key = `${groupId},${topicId},${partition}`;
        let streak = streaks.get(key);
        if (!streak || streak.lastIndex !== index - 1) {
          streak = { groupId, topicId, partition, window: new LagWindow(size), lastIndex: index };
          streaks.set(key, streak);
        }
        streak.window.push({ at: cycle.offsetsAt, offset, lag });
        streak.lastIndex = index;
      }
    });
    const windows = new Map<string, Map<string, LagWindow>>();
    for (const s of streaks.values()) {
      const group = names.groups.get(s.groupId);
      const topic = names.topics.get(s.topicId);
      if (s.lastIndex === cycles.length - 1 && group !== undefined && topic !== undefined)
        getOrInsert(windows, group, () => new Map()).set(partitionKey(topic, s.partition), s.window);
    }
    return windows;
  }
}
