// Retention risk: how soon deletion reaches a consumer's committed offset, and what it already took.
import { describe, expect, it } from 'vitest';
import { topicConfigs as configs } from '../../../../test/support/snapshot-fixtures.ts';
import { deletionApplies, partitionRetention } from './retention.ts';

describe('retention risk', () => {
  const partition = { startOffset: 0, endOffset: 1000, sizeBytes: 100_000 };
  const consumer = { topic: 't', partition: 0, committedOffset: 400, lag: 600, timeLagSeconds: 3000 };
  it('does not apply to compacted topics or infinite retention', () => {
    expect(deletionApplies(configs({ cleanupPolicy: 'compact' }))).toBe(false);
    expect(deletionApplies(configs({ cleanupPolicy: 'compact,delete' }))).toBe(true);
    expect(deletionApplies(configs({ cleanupPolicy: null }))).toBe(true);
    const compacted = partitionRetention({
      configs: configs({ cleanupPolicy: 'compact', retentionMs: 3_600_000 }),
      partition,
      consumer,
      produceRate: 1,
    });
    expect(compacted).toBeNull();
    const infinite = partitionRetention({
      configs: configs({ retentionMs: -1, retentionBytes: -1 }),
      partition,
      consumer,
      produceRate: 1,
    });
    expect(infinite).toMatchObject({ secondsToDeletion: null, by: null, lostMessages: 0 });
  });
  it('by time: retention.ms minus the age of the oldest unconsumed message', () => {
    const row = partitionRetention({
      configs: configs({ retentionMs: 3_600_000 }),
      partition,
      consumer,
      produceRate: null,
    });
    expect(row).toMatchObject({ secondsToDeletion: 600, by: 'time', lag: 600 });
    const due = partitionRetention({
      configs: configs({ retentionMs: 1_000_000 }),
      partition,
      consumer,
      produceRate: null,
    });
    expect(due?.secondsToDeletion).toBe(0);
    // A consumer that is caught up risks nothing.
    expect(
      partitionRetention({
        configs: configs({ retentionMs: 1 }),
        partition,
        consumer: { ...consumer, lag: 0 },
        produceRate: 1,
      }),
    ).toBeNull();
  });
  it('by size: the bytes still to be written before retention.bytes pushes the message out', () => {
    // 100 bytes a message; 600 unconsumed = 60 kB of 80 kB allowed; 20 kB at 10 msg/s = 20 s.
    const row = partitionRetention({
      configs: configs({ retentionBytes: 80_000 }),
      partition,
      consumer,
      produceRate: 10,
    });
    expect(row).toMatchObject({ secondsToDeletion: 20, by: 'size' });
    const idle = partitionRetention({
      configs: configs({ retentionBytes: 80_000 }),
      partition,
      consumer,
      produceRate: 0,
    });
    expect(idle?.secondsToDeletion).toBeNull();
    const over = partitionRetention({
      configs: configs({ retentionBytes: 50_000 }),
      partition,
      consumer,
      produceRate: null,
    });
    expect(over?.secondsToDeletion).toBe(0);
    const both = partitionRetention({
      configs: configs({ retentionBytes: 80_000, retentionMs: 3_600_000 }),
      partition,
      consumer,
      produceRate: 10,
    });
    expect(both).toMatchObject({ secondsToDeletion: 20, by: 'size' });
  });
  it('counts the messages lost when the committed offset is below the log start offset', () => {
    const row = partitionRetention({
      configs: configs({ retentionMs: 10_000 }),
      partition: { ...partition, startOffset: 700 },
      consumer,
      produceRate: null,
    });
    expect(row?.lostMessages).toBe(300);
    // Even a compacted topic tells the loss (a compaction cannot move the start past a commit, deletion can).
    const compacted = partitionRetention({
      configs: configs({ cleanupPolicy: 'compact' }),
      partition: { ...partition, startOffset: 700 },
      consumer,
      produceRate: null,
    });
    expect(compacted?.lostMessages).toBe(300);
    const noCommit = partitionRetention({
      configs: configs({ retentionMs: 10_000 }),
      partition: { ...partition, startOffset: 700 },
      consumer: { ...consumer, committedOffset: null, lag: null, timeLagSeconds: null },
      produceRate: null,
    });
    expect(noCommit).toBeNull();
  });
});
