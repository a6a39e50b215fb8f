import { describe, expect, it } from 'vitest';
import { DEFAULT_KAFKA_VERSION, KAFKA_39_VERSION, resolveKafkaVersion } from '../../local-kafka/versions.ts';
import {
  parseConfigsDescribe,
  parseConsumerGroupDescribe,
  parseResetPlan,
  parseToolTable,
  parseTopicDescribe,
} from './tools.ts';

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

describe('parseToolTable and parseTopicDescribe', () => {
  it('reads kafka-consumer-groups --state and --members --verbose tables by column (4.3 tools)', () => {
    const state = [
      '',
      'GROUP           COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE                #MEMBERS',
      'left1           127.0.0.1:26805  (1)      uniform              Empty                0',
    ].join('\n');
    expect(parseToolTable(state, 'GROUP')).toEqual([
      {
        GROUP: 'left1',
        'COORDINATOR (ID)': '127.0.0.1:26805  (1)',
        'ASSIGNMENT-STRATEGY': 'uniform',
        STATE: 'Empty',
        '#MEMBERS': '0',
      },
    ]);
    const members = [
      "Consumer group 'mixed1' has no active members.",
      'GROUP           CONSUMER-ID                                           HOST            CLIENT-ID        #PARTITIONS     CURRENT-EPOCH   CURRENT-ASSIGNMENT   TARGET-EPOCH    TARGET-ASSIGNMENT    UPGRADED',
      'mixed1          le1kHTffTwKfd41CPcjVAg                                /127.0.0.1      console-consumer 1               2               t1:2                 2               t1:2                 true',
      'mixed1          console-consumer-07e5a4c4-436b-421b-8472-57cf7b0b1eb4 /127.0.0.1      console-consumer 2               -               t1:0,1               2               t1:0,1               false',
    ].join('\n');
    const rows = parseToolTable(members, 'GROUP');
    expect(
      rows.map((r) => [r['CONSUMER-ID'], r['CURRENT-EPOCH'], r['CURRENT-ASSIGNMENT'], r.UPGRADED]),
    ).toEqual([
      ['le1kHTffTwKfd41CPcjVAg', '2', 't1:2', 'true'],
      ['console-consumer-07e5a4c4-436b-421b-8472-57cf7b0b1eb4', null, 't1:0,1', 'false'],
    ]);
  });

  it('reads ELR and last known ELR, empty ISR included, from kafka-topics --describe', () => {
    const out =
      'Topic: lonely\tTopicId: x\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: \n' +
      '\tTopic: lonely\tPartition: 0\tLeader: none\tReplicas: 3\tIsr: \tElr: 3\tLastKnownElr: 3\n';
    expect(parseTopicDescribe(out)).toEqual([
      {
        topic: 'lonely',
        partition: 0,
        leader: null,
        replicas: [3],
        isr: [],
        elr: [3],
        lastKnownElr: [3],
        adding: [],
        removing: [],
      },
    ]);
  });

  it('reads a reassignment in progress without taking "Adding Replicas" for the replicas', () => {
    const out =
      '\tTopic: slow\tPartition: 0\tLeader: 2\tReplicas: 2,1,3\tIsr: 2\tAdding Replicas: 1,3\tRemoving Replicas: \tElr: \tLastKnownElr: \n';
    expect(parseTopicDescribe(out)[0]).toMatchObject({
      replicas: [2, 1, 3],
      isr: [2],
      adding: [1, 3],
      removing: [],
    });
  });
});

describe('parseConfigsDescribe', () => {
  it('reads value, sensitivity and the source in force from kafka-configs --describe (3.9 tool)', () => {
    const stdout = [
      'Dynamic configs for topic orders are:',
      '  retention.ms=3600000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=3600000, DEFAULT_CONFIG:log.retention.hours=168}',
      '  secret=null sensitive=true synonyms={}',
    ].join('\n');
    expect(parseConfigsDescribe(stdout)).toEqual(
      new Map([
        ['retention.ms', { value: '3600000', sensitive: false, source: 'DYNAMIC_TOPIC_CONFIG' }],
        ['secret', { value: null, sensitive: true, source: null }],
      ]),
    );
  });
});

describe('parseResetPlan', () => {
  it('reads the dry-run plan of the 4.x tool (one row a line) and of 3.9 (no line breaks)', () => {
    const header = 'GROUP                          TOPIC                          PARTITION  NEW-OFFSET     ';
    const rows = ['billing   audit    0          0  ', 'billing   orders   1          12 '];
    const expected = new Map([
      ['audit-0', 0],
      ['orders-1', 12],
    ]);
    expect(parseResetPlan(['', header, ...rows].join('\n'))).toEqual(expected);
    expect(parseResetPlan(header + rows.join(''))).toEqual(expected);
    expect(() => parseResetPlan('Error: nothing')).toThrow(/No reset plan/);
  });
});
