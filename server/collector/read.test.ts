import { describe, expect, it } from 'vitest';
import { rawTopic } from '../../test/support/snapshot-fixtures.ts';
import { loadConfig } from '../config/index.ts';
import { partitionKey } from '../model/index.ts';
import { type ClusterReader, emptyReadCache, nameFilter, readCycle } from './read.ts';
import { emptyState } from './state.ts';

describe('nameFilter', () => {
  it('keeps everything by default', () =>
    expect(nameFilter({ allow: [], ignore: [] })('anything')).toBe(true));
  it('keeps only allowed names, minus ignored ones', () => {
    const keep = nameFilter({ allow: ['^team-a-', '^shared$'], ignore: ['-tmp$'] });
    expect(['team-a-orders', 'shared', 'team-b-orders', 'team-a-x-tmp', 'shared2'].filter(keep)).toEqual([
      'team-a-orders',
      'shared',
    ]);
  });
  it('drops ignored names', () =>
    expect(['__consumer_offsets', 'orders'].filter(nameFilter({ allow: [], ignore: ['^__'] }))).toEqual([
      'orders',
    ]));
});

describe('readCycle', () => {
  const { config } = loadConfig({ env: { KAFKA_BROKERS: '127.0.0.1:9092' } });
  const options = {
    cluster: config.clusters[0]!,
    maxBracketMs: 22_500,
    configEveryCycles: 20,
    maxTimestampFetches: 10,
  };

  /** A one-broker cluster that answers from memory and counts the log-dir reads. */
  function cluster(partitions: number) {
    const asked = { logDirs: 0, partitions };
    const reader: ClusterReader = {
      requestCount: 0,
      metadata: async () => ({
        clusterId: 'c',
        controllerId: 1,
        brokers: [{ id: 1, host: 'localhost', port: 9092, rack: null }],
        topics: [rawTopic('orders', asked.partitions)],
      }),
      describeQuorum: async () => 'unsupported',
      topicConfigs: async () => new Map(),
      listGroups: async () => ({ groups: [], errors: [] }),
      describeGroups: async () => ({ groups: [], errors: [] }),
      committedOffsets: async () => ({ offsets: new Map(), errors: [] }),
      shareGroupOffsets: async () => ({ offsets: new Map(), errors: [] }),
      listOffsets: async () => ({ offsets: new Map(), errors: [] }),
      logDirSizes: async () => {
        asked.logDirs++;
        const sizes = new Map<string, number>();
        for (let p = 0; p < asked.partitions; p++) sizes.set(partitionKey('orders', p), 100 * asked.logDirs);
        return { sizes: new Map([[1, sizes]]), errors: [] };
      },
      recordTimestamps: async () => ({ timestamps: new Map(), errors: [] }),
      brokerJmx: async () => null,
    };
    return { reader, asked };
  }

  it('reads log-dir sizes once a minute, and at once for a partition it has no size of', async () => {
    const { reader, asked } = cluster(2);
    const cache = emptyReadCache();
    const state = emptyState();
    let now = 1_700_000_000_000;
    const cycle = () => readCycle(reader, state, cache, options, () => now);
    const size = (raw: Awaited<ReturnType<typeof cycle>>, p: number) =>
      raw.logDirs.get(1)?.get(partitionKey('orders', p));

    expect(size(await cycle(), 0)).toBe(100);
    now += 45_000;
    expect(size(await cycle(), 1)).toBe(100); // the last read's sizes
    expect(asked.logDirs).toBe(1);
    asked.partitions = 3; // a partition added: no size for it yet
    expect(size(await cycle(), 2)).toBe(200);
    now += 59_000;
    await cycle();
    expect(asked.logDirs).toBe(2);
    now += 1_000; // a minute since the last read
    expect(size(await cycle(), 0)).toBe(300);
  });
});
