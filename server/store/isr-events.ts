import type { Database, Statement } from 'better-sqlite3';
import type { IsrChangeEvent } from '../collector/snapshot.ts';

export interface IsrEventQuery {
  from: number;
  to: number;
  topic?: string;
  /** Newest first; at most this many. */
  limit: number;
}

/** An ISR change as the collector reported it, read back from the history. */
export type StoredIsrEvent = IsrChangeEvent;

interface Row {
  at: number;
  topic: string;
  partition: number;
  kind: 'shrink' | 'expand';
  brokers: string;
  isrBefore: string;
  isrAfter: string;
}

const parseIds = (json: string): number[] => JSON.parse(json) as number[];

export class IsrEventReader {
  private readonly select: Statement<[Record<string, string | number | null>], Row>;

  constructor(db: Database) {
    this.select = db.prepare(
      `SELECT e.at, t.name AS topic, e.partition, e.kind, e.brokers, e.isr_before AS isrBefore, e.isr_after AS isrAfter
       FROM isr_event e JOIN cluster c ON c.id = e.cluster_id JOIN topic t ON t.id = e.topic_id
       WHERE c.name = @cluster AND e.at >= @from AND e.at <= @to AND (@topic IS NULL OR t.name = @topic)
       ORDER BY e.at DESC, e.id DESC LIMIT @limit`,
    );
  }

  events(cluster: string, { from, to, topic, limit }: IsrEventQuery): StoredIsrEvent[] {
    return this.select.all({ cluster, from, to, topic: topic ?? null, limit }).map((row) => ({
      at: row.at,
      topic: row.topic,
      partition: row.partition,
      kind: row.kind,
      brokers: parseIds(row.brokers),
      isrBefore: parseIds(row.isrBefore),
      isrAfter: parseIds(row.isrAfter),
    }));
  }
}
