import { describe, expect, it } from 'vitest';
import { errorInfoOf, KafkaProtocolError, kafkaError, kafkaErrorName } from './errors.ts';

describe('Kafka error names', () => {
  it('uses the names of Kafka’s Errors.java, from kafkajs’ table and our own', () => {
    expect(kafkaErrorName(35)).toBe('UNSUPPORTED_VERSION');
    expect(kafkaErrorName(15)).toBe('COORDINATOR_NOT_AVAILABLE'); // kafkajs: GROUP_COORDINATOR_NOT_AVAILABLE
    expect(kafkaErrorName(116)).toBe('UNKNOWN_CONTROLLER_ID'); // beyond kafkajs' table
    expect(kafkaErrorName(999)).toBe('ERROR_CODE_999');
  });

  it('has no error for code 0 and carries the broker’s message otherwise', () => {
    expect(kafkaError(0)).toBeNull();
    expect(kafkaError(41, 'ask the leader')).toEqual({
      code: 41,
      name: 'NOT_CONTROLLER',
      retriable: true,
      message: 'ask the leader',
    });
  });

  it('turns thrown values into error info, keeping Kafka codes', () => {
    expect(errorInfoOf(new KafkaProtocolError('DescribeCluster', 31))).toMatchObject({
      code: 31,
      name: 'CLUSTER_AUTHORIZATION_FAILED',
    });
    const kafkajsError = Object.assign(new Error('The coordinator is loading'), {
      name: 'KafkaJSProtocolError',
      type: 'GROUP_LOAD_IN_PROGRESS',
      code: 14,
    });
    expect(errorInfoOf(kafkajsError)).toMatchObject({ code: 14, name: 'COORDINATOR_LOAD_IN_PROGRESS' });
    const closed = Object.assign(new Error('Closed connection'), { name: 'KafkaJSConnectionClosedError' });
    expect(errorInfoOf(closed)).toEqual({
      code: -1,
      name: 'KafkaJSConnectionClosedError',
      retriable: true,
      message: 'Closed connection',
    });
  });
});
