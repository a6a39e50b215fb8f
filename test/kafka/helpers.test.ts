import { describe, expect, it } from 'vitest';
import { parseConsumerGroupDescribe } from './tools.ts';
import { DEFAULT_KAFKA_VERSION, KAFKA_39_VERSION, resolveKafkaVersion } from './versions.ts';

describe('resolveKafkaVersion', () => {
  it.each([
    ['', DEFAULT_KAFKA_VERSION],
    ['4', DEFAULT_KAFKA_VERSION],
    ['4.1.0', DEFAULT_KAFKA_VERSION],
    ['3.9', KAFKA_39_VERSION],
    ['3.9.0', KAFKA_39_VERSION],
    [' 3.9.2 ', KAFKA_39_VERSION],
  ])('maps "%s" to %s', (requested, pinned) => {
    expect(resolveKafkaVersion(requested)).toBe(pinned);
  });

  it('rejects versions the harness has no jars for', () => {
    expect(() => resolveKafkaVersion('3.8')).toThrow(/Unsupported Kafka version "3.8"/);
  });
});

describe('parseConsumerGroupDescribe', () => {
  it('reads members, missing offsets and client ids with spaces by column', () => {
    // Laid out as the tool does: every column padded to its widest cell plus a space.
    const table = [
      [
        'GROUP',
        'TOPIC',
        'PARTITION',
        'CURRENT-OFFSET',
        'LOG-END-OFFSET',
        'LAG',
        'CONSUMER-ID',
        'HOST',
        'CLIENT-ID',
      ],
      ['billing', 'orders', '0', '7', '10', '3', 'my app-5d1c1b5e-6f06-4c1a', '/127.0.0.1', 'my app'],
      ['billing', 'orders', '1', '-', '4', '-', '-', '-', '-'],
    ];
    const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => row[column]!.length)) + 1);
    const lines = table.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join(''));
    const stdout = ['', ...lines, '', "Consumer group 'idle' has no active members."].join('\n');
    expect(parseConsumerGroupDescribe(stdout)).toEqual([
      {
        group: 'billing',
        topic: 'orders',
        partition: 0,
        currentOffset: 7,
        logEndOffset: 10,
        lag: 3,
        consumerId: 'my app-5d1c1b5e-6f06-4c1a',
        host: '/127.0.0.1',
        clientId: 'my app',
      },
      {
        group: 'billing',
        topic: 'orders',
        partition: 1,
        currentOffset: null,
        logEndOffset: 4,
        lag: null,
        consumerId: null,
        host: null,
        clientId: null,
      },
    ]);
  });
});
