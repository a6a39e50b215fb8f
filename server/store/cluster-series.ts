import type { Database, Statement } from 'better-sqlite3';

/** One point of a cluster's headline chart: messages in and total lag. */
export interface ClusterPoint {
  at: number;
  /** Messages per second appended, summed over the topics (mean over the bucket). */
  produceRate: number | null;
  /** Lag summed over every group and topic (mean over the bucket). */
  totalLag: number | null;
}

/**
 * The Overview's throughput and total-lag chart, from the raw per-cycle rows: the chart
 * covers the last hours, which the raw rows keep (`history.rawRetention`, 6 h by default);
 * older ranges come back empty rather than from roll-ups, which hold no cluster totals.
 */
export class ClusterSeriesReader {
  private readonly sql: Statement<
    [{ cluster: string; from: number; to: number; bucket: number }],
    ClusterPoint
  >;

  constructor(db: Database) {
    this.sql = db.prepare(
      `WITH per AS (
         SELECT c.at AS at,
           (SELECT sum(t.produce_rate) FROM topic_stat t WHERE t.cycle_id = c.id) AS rate,
           (SELECT sum(g.lag) FROM group_topic_lag g WHERE g.cycle_id = c.id) AS lag
         FROM cycle c JOIN cluster k ON k.id = c.cluster_id
         WHERE k.name = @cluster AND c.reachable = 1 AND c.at >= @from AND c.at <= @to)
       SELECT max(at) AS at, avg(rate) AS produceRate, avg(lag) AS totalLag
       FROM per GROUP BY CAST((at - @from) / @bucket AS INTEGER) ORDER BY 1`,
    );
  }

  series(cluster: string, from: number, to: number, points: number): ClusterPoint[] {
    const bucket = Math.max(1, Math.ceil((to - from + 1) / points));
    return this.sql.all({ cluster, from, to, bucket });
  }
}
