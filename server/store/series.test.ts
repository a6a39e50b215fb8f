import { beforeAll, describe, expect, it } from 'vitest';
import { EVERY, predictableCycle, T0 } from '../../test/support/snapshot-fixtures.ts';
import { useTempDirs } from '../../test/support/temp-dirs.ts';
import type { ClusterSnapshot } from '../collector/snapshot.ts';
import { HistoryStore } from './history-store.ts';
import { openDatabase } from './open.ts';
import { HOUR_MS, MINUTE_MS } from './time.ts';

const tempDirs = useTempDirs();

const CYCLES = 96; // eight hours, one cycle every five minutes
const NOW = T0 + 8 * HOUR_MS + 10 * MINUTE_MS;
const cycles = Array.from({ length: CYCLES }, (_, i) => predictableCycle(i));
const avg = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const totalLag = (s: ClusterSnapshot) => s.groups[0]!.lag!;
const topicLag = (s: ClusterSnapshot, t: string) => s.groups[0]!.topics.find((x) => x.topic === t)!;
const openStore = () =>
  new HistoryStore(openDatabase(tempDirs('kestrel-series-')), {
    rawRetentionMs: 2 * HOUR_MS,
    hourlyRetentionMs: 5 * HOUR_MS,
  });

describe('series from raw points', () => {
  let store: HistoryStore;
  beforeAll(() => {
    store = openStore();
    for (const s of cycles) store.writeCycle(s);
  });

  it('downsamples a group to at most `points` buckets with the right aggregates', () => {
    const points = store.lagSeries('test', 'g1', undefined, T0, T0 + 8 * HOUR_MS - 1, 8);
    expect(points).toHaveLength(8);
    points.forEach((point, h) => {
      const hour = cycles.slice(h * 12, h * 12 + 12);
      expect(point.at).toBe(T0 + h * HOUR_MS);
      expect(point.lag).toBeCloseTo(avg(hour.map(totalLag)), 9);
      expect(point.maxLag).toBe(Math.max(...hour.map(totalLag)));
      expect(point.maxTimeLagSeconds).toBe(Math.max(...hour.map((s) => s.groups[0]!.timeLagSeconds!)));
      expect(point.committed).toBe(hour[11]!.groups[0]!.topics.reduce((n, t) => n + t.committedSum, 0));
    });
  });

  it('gives one point per cycle when buckets are as fine as the cycles', () => {
    const points = store.lagSeries('test', 'g1', 'b', T0, T0 + HOUR_MS - 1, 12);
    expect(points.map((p) => [p.at, p.lag])).toEqual(
      cycles.slice(0, 12).map((s) => [s.collectedAt, topicLag(s, 'b').lag]),
    );
  });

  it('returns nothing for what it never saw', () => {
    expect(store.lagSeries('test', 'nobody', undefined, T0, NOW, 10)).toEqual([]);
    expect(store.lagSeries('test', 'g1', 'nothing', T0, NOW, 10)).toEqual([]);
    expect(store.lagSeries('elsewhere', 'g1', undefined, T0, NOW, 10)).toEqual([]);
    expect(store.topicSeries('test', 'nothing', T0, NOW, 10)).toEqual([]);
    expect(store.brokerSeries('test', 99, T0, NOW, 10)).toEqual([]);
  });

  it('answers ISR events newest first, filtered by time and topic, limited', () => {
    const all = store.isrEvents('test', { from: T0, to: NOW, limit: 100 });
    expect(all).toHaveLength(16);
    expect(all[0]).toEqual({
      at: T0 + 90 * EVERY,
      topic: 'b',
      partition: 0,
      kind: 'expand',
      brokers: [3],
      isrBefore: [1, 2],
      isrAfter: [1, 2, 3],
    });
    expect(all.map((e) => e.at)).toEqual([...all.map((e) => e.at)].sort((a, b) => b - a));
    const shrinks = store.isrEvents('test', {
      from: T0 + HOUR_MS,
      to: T0 + 3 * HOUR_MS,
      topic: 'a',
      limit: 100,
    });
    expect(shrinks.map((e) => [e.at, e.kind])).toEqual([
      [T0 + 36 * EVERY, 'shrink'],
      [T0 + 24 * EVERY, 'shrink'],
      [T0 + 12 * EVERY, 'shrink'],
    ]);
    expect(store.isrEvents('test', { from: T0, to: NOW, limit: 2 })).toHaveLength(2);
    expect(store.isrEvents('elsewhere', { from: T0, to: NOW, limit: 2 })).toEqual([]);
  });
});

describe('series across roll-ups and raw points', () => {
  let store: HistoryStore;
  beforeAll(async () => {
    store = openStore();
    for (const s of cycles) store.writeCycle(s);
    await store.maintain(NOW); // hours 4h..7h rolled up, raw kept from 6h10m on
  });

  it('uses hourly roll-ups before the first whole raw hour and raw points after it', () => {
    // Five-minute buckets: each roll-up and each raw point lands in its own bucket.
    const points = store.lagSeries('test', 'g1', undefined, T0, T0 + 9 * HOUR_MS - 1, 108);
    const hourly = [4, 5, 6].map((h) => cycles.slice(h * 12, h * 12 + 12));
    const raw = cycles.slice(84);
    expect(points.map((p) => p.at)).toEqual([
      ...[4, 5, 6].map((h) => T0 + h * HOUR_MS),
      ...raw.map((s) => s.collectedAt),
    ]);
    hourly.forEach((hour, k) => {
      expect(points[k]!.lag).toBeCloseTo(avg(hour.map(totalLag)), 9);
      expect(points[k]!.maxLag).toBe(Math.max(...hour.map(totalLag)));
    });
    expect(points.slice(3).map((p) => p.lag)).toEqual(raw.map(totalLag));
  });

  it('weights each roll-up by its samples when buckets span both', () => {
    const [point] = store.lagSeries('test', 'g1', 'a', T0, NOW, 1);
    const seen = cycles.slice(48);
    expect(point!.lag).toBeCloseTo(avg(seen.map((s) => topicLag(s, 'a').lag!)), 9);
    expect(point!.maxLag).toBe(Math.max(...seen.map((s) => topicLag(s, 'a').lag!)));
    expect(point!.committed).toBe(topicLag(seen.at(-1)!, 'a').committedSum);
  });

  it('gives broker and topic series the same way', () => {
    const [broker] = store.brokerSeries('test', 1, T0, NOW, 1);
    const seen = cycles.slice(48);
    expect(broker!.up).toBeCloseTo(avg(seen.map((s) => (s.brokers[0]!.up ? 1 : 0))), 9);
    expect(broker!.bytesInPerSec).toBe(100);
    expect(broker!.partitions).toBe(10);
    const topicPoints = store.topicSeries('test', 'a', T0, NOW, 4);
    expect(topicPoints.length).toBeLessThanOrEqual(4);
    const [whole] = store.topicSeries('test', 'a', T0, NOW, 1);
    expect(whole!.produceRate).toBeCloseTo(avg(seen.map((s) => s.topics[0]!.produceRate!)), 9);
    expect(whole!.maxProduceRate).toBe(95);
    expect(whole!.sizeBytes).toBe(cycles.at(-1)!.topics[0]!.sizeBytes);
  });
});
