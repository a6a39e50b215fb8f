import type { LagWindow } from '../lag-window.ts';
import type { CapacityFigure } from './types.ts';

export interface PartitionWindow {
  topic: string;
  lag: number | null;
  /** The Burrow window; none when the partition has no observations. */
  window: LagWindow | undefined;
}

/**
 * Produce vs consume rate per topic over the Burrow window (ten cycles by default), which
 * smooths the steps of consumers that commit every few seconds. The end offset of an
 * observation is its committed offset plus its lag. A partition with fewer than two
 * observations has no rate yet ("no history yet": rates are null, not zero).
 */
export function capacityByTopic(partitions: readonly PartitionWindow[]): CapacityFigure[] {
  const byTopic = new Map<
    string,
    { produced: number; consumed: number; seconds: number; lag: number | null; known: boolean }
  >();
  for (const p of partitions) {
    const acc = byTopic.get(p.topic) ?? { produced: 0, consumed: 0, seconds: 0, lag: null, known: false };
    byTopic.set(p.topic, acc);
    if (p.lag !== null) acc.lag = (acc.lag ?? 0) + p.lag;
    const w = p.window;
    const last = (w?.length ?? 0) - 1;
    if (!w || last < 1 || w.time(last) <= w.time(0)) continue;
    const seconds = (w.time(last) - w.time(0)) / 1000;
    const consumed = w.offset(last) - w.offset(0);
    const produced = w.offset(last) + w.lag(last) - (w.offset(0) + w.lag(0));
    // A rewound or recreated partition says nothing about rates.
    if (consumed < 0 || produced < 0) continue;
    acc.produced += produced / seconds;
    acc.consumed += consumed / seconds;
    acc.seconds = Math.max(acc.seconds, seconds);
    acc.known = true;
  }
  return [...byTopic].map(([topic, acc]) => {
    const produceRate = acc.known ? acc.produced : null;
    const consumeRate = acc.known ? acc.consumed : null;
    return {
      topic,
      produceRate,
      consumeRate,
      deficit: produceRate === null || consumeRate === null ? null : produceRate - consumeRate,
      lag: acc.lag,
      catchUpSeconds: catchUp(acc.lag, produceRate, consumeRate),
      windowSeconds: acc.seconds,
    };
  });
}

function catchUp(lag: number | null, produce: number | null, consume: number | null): number | null {
  if (lag === 0) return 0;
  if (lag === null || produce === null || consume === null) return null;
  const net = consume - produce;
  return net > 0 ? lag / net : null;
}
