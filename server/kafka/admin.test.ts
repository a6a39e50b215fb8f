import { KafkaJSAggregateError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { AdminRefusal, refusal } from './admin.ts';

// kafkajs builds these from its error-code table: an Error carrying type, code and retriable.
const protocolError = (type: string, code: number) =>
  new KafkaJSProtocolError(Object.assign(new Error(`${type} message`), { type, code, retriable: false }));

describe('refusal', () => {
  it.each([
    ['TOPIC_ALREADY_EXISTS', 36, 'exists'],
    ['UNKNOWN_TOPIC_OR_PARTITION', 3, 'unknown'],
    ['TOPIC_DELETION_DISABLED', 73, 'deletion_disabled'],
    ['INVALID_REPLICATION_FACTOR', 38, 'invalid'],
    ['INVALID_PARTITIONS', 37, 'invalid'],
    ['TOPIC_AUTHORIZATION_FAILED', 29, 'forbidden'],
  ])('reads %s as %s', (type, code, kind) => {
    const result = refusal(protocolError(type, code));
    expect(result).toBeInstanceOf(AdminRefusal);
    expect(result.kind).toBe(kind);
    expect(result.kafkaError).toBe(type);
  });

  it('finds the error inside kafkajs retry and aggregate wrappers', () => {
    const aggregate = new KafkaJSAggregateError('create failed', [protocolError('INVALID_PARTITIONS', 37)]);
    expect(refusal(aggregate).kind).toBe('invalid');
    const retried = new KafkaJSNumberOfRetriesExceeded(protocolError('UNKNOWN_TOPIC_OR_PARTITION', 3), {
      retryCount: 1,
      retryTime: 100,
    });
    expect(refusal(retried)).toMatchObject({ kind: 'unknown', kafkaError: 'UNKNOWN_TOPIC_OR_PARTITION' });
  });

  it('reads only its own error names, not names inherited by every object', () => {
    expect(refusal(Object.assign(new Error('odd'), { type: 'constructor' })).kind).toBe('unavailable');
  });

  it('calls anything else Kafka being unavailable, keeping its message', () => {
    expect(refusal(new Error('Connection timeout'))).toMatchObject({
      kind: 'unavailable',
      kafkaError: null,
      message: 'Connection timeout',
    });
  });
});
