import type { Database, Statement } from 'better-sqlite3';
import type { ClusterSnapshot, GroupSnapshot, TopicSnapshot } from '../collector/snapshot.ts';
import { BatchInsert } from './batch-insert.ts';
import type { EndOffsetLog } from './end-offset-log.ts';
import type { NameIds } from './ids.ts';

type Int = number;
type Maybe = number | null;

/** An error list can be long when a whole broker is down; the first ones say enough. */
const MAX_STORED_ERRORS = 100;

const toMs = (seconds: number | null): number | null =>
  seconds === null ? null : Math.round(seconds * 1000);
const flag = (value: boolean): Int => (value ? 1 : 0);

function endOffsetSum(topic: TopicSnapshot): number | null {
  let sum: number | null = null;
  for (const p of topic.partitions) if (p.endOffset !== null) sum = (sum ?? 0) + p.endOffset;
  return sum;
}

/** Writes one snapshot as one transaction; prepared statements only. */
export class CycleWriter {
  private readonly sql: {
    cycle: Statement<[Int, Int, Int, Int, Int, Int, Int, string | null]>;
    knownBroker: Statement<[string, Int, string, Int, string | null, Int, Int]>;
    brokerStat: Statement<[Int, Int, Int, Int, Int, Int, Maybe, Maybe, Maybe, Maybe]>;
    isrEvent: Statement<[Int, Int, Int, Int, Int, string, string, string, string]>;
  };
  private readonly topicStat: BatchInsert;
  private readonly groupTopic: BatchInsert;
  private readonly groupPartition: BatchInsert;

  constructor(
    db: Database,
    private readonly ids: NameIds,
    private readonly endOffsets: EndOffsetLog,
  ) {
    this.sql = {
      cycle: db.prepare(
        `INSERT INTO cycle (cluster_id, at, offsets_at, duration_ms, reachable, end_offsets, error_count, errors)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      knownBroker: db.prepare(
        `INSERT INTO known_broker (cluster, broker_id, host, port, rack, first_seen, last_seen)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (cluster, broker_id) DO UPDATE SET host = excluded.host, port = excluded.port,
           rack = excluded.rack, last_seen = max(last_seen, excluded.last_seen)`,
      ),
      brokerStat: db.prepare(
        `INSERT INTO broker_stat (cycle_id, broker_id, up, partitions, leaders, under_replicated,
           log_dir_bytes, bytes_in, bytes_out, messages_in) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      isrEvent: db.prepare(
        `INSERT INTO isr_event (cluster_id, cycle_id, at, topic_id, partition, kind, brokers, isr_before, isr_after)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
    };
    this.topicStat = new BatchInsert(db, 'topic_stat', [
      'cycle_id',
      'topic_id',
      'size_bytes',
      'message_count',
      'end_offset_sum',
      'produce_rate',
    ]);
    this.groupTopic = new BatchInsert(db, 'group_topic_lag', [
      'cycle_id',
      'group_id',
      'topic_id',
      'lag',
      'time_lag_ms',
      'committed_sum',
    ]);
    this.groupPartition = new BatchInsert(db, 'group_partition_lag', [
      'cycle_id',
      'group_id',
      'topic_id',
      'partition',
      'committed',
      'end_offset',
      'lag',
      'time_lag_ms',
    ]);
  }

  /** Drops rows buffered by a write that failed. */
  discard(): void {
    for (const batch of [this.topicStat, this.groupTopic, this.groupPartition]) batch.discard();
  }

  /** Call inside a transaction. Returns the new cycle's id. */
  write(s: ClusterSnapshot): number {
    const clusterId = this.ids.cluster(s.cluster);
    const topicId = (name: string) => this.ids.topic(clusterId, name);
    let endOffsets = 0;
    for (const t of s.topics) for (const p of t.partitions) if (p.endOffset !== null) endOffsets++;
    const errors = s.errors.length > 0 ? JSON.stringify(s.errors.slice(0, MAX_STORED_ERRORS)) : null;
    const cycleId = Number(
      this.sql.cycle.run(
        clusterId,
        s.collectedAt,
        s.offsetsAt,
        Math.round(s.durationMs),
        flag(s.reachable),
        endOffsets,
        s.errors.length,
        errors,
      ).lastInsertRowid,
    );

    for (const b of s.brokers) {
      if (b.up)
        this.sql.knownBroker.run(s.cluster, b.id, b.host, b.port, b.rack, s.collectedAt, s.collectedAt);
      this.sql.brokerStat.run(
        cycleId,
        b.id,
        flag(b.up),
        b.partitions,
        b.leaders,
        b.underReplicated,
        b.logDirBytes,
        b.jmx?.bytesInPerSec ?? null,
        b.jmx?.bytesOutPerSec ?? null,
        b.jmx?.messagesInPerSec ?? null,
      );
    }
    for (const t of s.topics) {
      this.topicStat.add(
        cycleId,
        topicId(t.name),
        t.sizeBytes,
        t.messageCount,
        endOffsetSum(t),
        t.produceRate,
      );
    }
    this.topicStat.flush();
    // A cycle that did not reach the cluster knows nothing about its partitions.
    if (s.reachable) this.endOffsets.write(clusterId, cycleId, s.offsetsAt, s.topics, topicId);
    for (const g of s.groups) this.writeGroup(cycleId, this.ids.group(clusterId, g.id), g, topicId);
    this.groupTopic.flush();
    this.groupPartition.flush();
    for (const e of s.isrChanges) {
      this.sql.isrEvent.run(
        clusterId,
        cycleId,
        e.at,
        topicId(e.topic),
        e.partition,
        e.kind,
        JSON.stringify(e.brokers),
        JSON.stringify(e.isrBefore),
        JSON.stringify(e.isrAfter),
      );
    }
    return cycleId;
  }

  private writeGroup(
    cycleId: number,
    groupId: number,
    g: GroupSnapshot,
    topicId: (name: string) => number,
  ): void {
    for (const t of g.topics) {
      this.groupTopic.add(cycleId, groupId, topicId(t.topic), t.lag, toMs(t.timeLagSeconds), t.committedSum);
    }
    for (const p of g.partitions) {
      this.groupPartition.add(
        cycleId,
        groupId,
        topicId(p.topic),
        p.partition,
        p.committedOffset,
        p.endOffset,
        p.lag,
        toMs(p.timeLagSeconds),
      );
    }
  }
}
