import { describe, expect, it } from 'vitest';
import { configLines } from './topic-configs.ts';

describe('configLines', () => {
  it("uses Kafka's names and values a person reads", () => {
    const lines = configLines({
      retentionMs: 604_800_000,
      retentionBytes: -1,
      cleanupPolicy: 'delete',
      minInsyncReplicas: 2,
    });
    expect(lines.map(({ name, text }) => [name, text])).toEqual([
      ['cleanup.policy', 'delete'],
      ['retention.ms', '7d'],
      ['retention.bytes', 'unlimited'],
      ['min.insync.replicas', '2'],
    ]);
    expect(lines.find((l) => l.name === 'retention.ms')?.raw).toBe('604800000');
  });
  it('shows sizes and short retentions in their units, unknown as a dash', () => {
    const lines = configLines(
      { retentionMs: 5_400_000, retentionBytes: 1_073_741_824, cleanupPolicy: null, minInsyncReplicas: null },
      '无限制',
    );
    expect(lines.map((l) => l.text)).toEqual(['—', '1h 30m', '1.00 GiB', '—']);
    expect(
      configLines(
        { retentionMs: -1, retentionBytes: 0, cleanupPolicy: null, minInsyncReplicas: 1 },
        '无限制',
      )[1]?.text,
    ).toBe('无限制');
  });
});
