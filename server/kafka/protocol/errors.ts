// Kafka error codes as the names Kafka's documentation and logs use (Errors.java). kafkajs' table
// has most of them, but stops at code 88 and keeps a few pre-KIP-392/KIP-848 names.
import { kafkajsErrorCode } from './kafkajs/index.ts';

const KAFKA_NAMES: Readonly<Record<number, string>> = {
  [-1]: 'UNKNOWN_SERVER_ERROR',
  6: 'NOT_LEADER_OR_FOLLOWER',
  14: 'COORDINATOR_LOAD_IN_PROGRESS',
  15: 'COORDINATOR_NOT_AVAILABLE',
  16: 'NOT_COORDINATOR',
  // Newer than kafkajs, and met by the requests in this folder.
  89: 'THROTTLING_QUOTA_EXCEEDED',
  94: 'INCONSISTENT_VOTER_SET',
  100: 'UNKNOWN_TOPIC_ID',
  104: 'INCONSISTENT_CLUSTER_ID',
  110: 'FENCED_MEMBER_EPOCH',
  113: 'STALE_MEMBER_EPOCH',
  114: 'MISMATCHED_ENDPOINT_TYPE',
  115: 'UNSUPPORTED_ENDPOINT_TYPE',
  116: 'UNKNOWN_CONTROLLER_ID',
};

export const NONE = 0;
export const UNSUPPORTED_VERSION = 35;

export interface KafkaErrorInfo {
  code: number;
  /** e.g. `COORDINATOR_NOT_AVAILABLE`, or `ERROR_CODE_<n>` for a code we do not know. */
  name: string;
  retriable: boolean;
  /** The broker's own message where the response carries one. */
  message: string | null;
}

export function kafkaErrorName(code: number): string {
  return KAFKA_NAMES[code] ?? kafkajsErrorCode(code)?.type ?? `ERROR_CODE_${code}`;
}

export function describeKafkaError(code: number, message: string | null = null): KafkaErrorInfo {
  return { code, name: kafkaErrorName(code), retriable: kafkajsErrorCode(code)?.retriable ?? false, message };
}

/** null for code 0 (no error). */
export function kafkaError(code: number, message: string | null = null): KafkaErrorInfo | null {
  return code === NONE ? null : describeKafkaError(code, message);
}

/**
 * A failure on our side of the wire (connection, timeout, an answer without the item asked for) in
 * the same shape as a Kafka error, so that callers handle one kind; code -1 marks it.
 */
export function clientError(name: string, message: string): KafkaErrorInfo {
  return { code: -1, name, retriable: true, message };
}

/** Any thrown value as error info: Kafka's code where there is one (ours or kafkajs'). */
export function errorInfoOf(error: unknown): KafkaErrorInfo {
  if (error instanceof KafkaProtocolError) return error.kafkaError;
  const { code, type, message, name } = (error ?? {}) as Record<string, unknown>;
  const text = typeof message === 'string' ? message : String(error);
  // kafkajs' KafkaJSProtocolError; its code for codes it does not know is -99.
  if (typeof code === 'number' && code > 0 && typeof type === 'string') return describeKafkaError(code, text);
  return clientError(typeof name === 'string' ? name : 'REQUEST_FAILED', text);
}

/** A whole request failed with a Kafka error code. */
export class KafkaProtocolError extends Error {
  override readonly name = 'KafkaProtocolError';
  readonly kafkaError: KafkaErrorInfo;

  constructor(apiName: string, code: number, brokerMessage: string | null = null) {
    const info = describeKafkaError(code, brokerMessage);
    super(`${apiName} failed: ${info.name} (${code})${brokerMessage ? `: ${brokerMessage}` : ''}`);
    this.kafkaError = info;
  }
}

/** The broker does not implement the API, or none of the versions we speak. */
export class UnsupportedApiError extends Error {
  override readonly name = 'UnsupportedApiError';

  constructor(
    readonly apiName: string,
    readonly brokerId: number,
  ) {
    super(`Broker ${brokerId} does not support ${apiName} in a version Kestrel implements`);
  }
}
