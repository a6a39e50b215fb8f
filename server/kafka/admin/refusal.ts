// Why Kafka (or the safety checks in front of it) said no to an operator action, in terms the API
// turns into a 4xx. Kafka's own error name and message are kept so that the answer can pass them on.
import { KafkaProtocolError } from '../protocol/index.ts';

export type OperatorRefusalKind = 'conflict' | 'invalid' | 'unknown' | 'forbidden' | 'unavailable';

export class OperatorRefusal extends Error {
  constructor(
    readonly kind: OperatorRefusalKind,
    /** Kafka's error name (NON_EMPTY_GROUP...), when Kafka answered; null for our own checks. */
    readonly kafkaError: string | null,
    message: string,
    /** A machine-readable code for our own checks (live_members, plan_changed...). */
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

const KINDS: Readonly<Record<string, OperatorRefusalKind>> = {
  // The group has live members, or is being rebalanced: not while it is in use.
  NON_EMPTY_GROUP: 'conflict',
  GROUP_SUBSCRIBED_TO_TOPIC: 'conflict',
  UNKNOWN_MEMBER_ID: 'conflict',
  ILLEGAL_GENERATION: 'conflict',
  REBALANCE_IN_PROGRESS: 'conflict',
  STALE_MEMBER_EPOCH: 'conflict',
  FENCED_MEMBER_EPOCH: 'conflict',
  GROUP_ID_NOT_FOUND: 'unknown',
  UNKNOWN_TOPIC_OR_PARTITION: 'unknown',
  UNKNOWN_TOPIC_ID: 'unknown',
  INVALID_CONFIG: 'invalid',
  INVALID_REQUEST: 'invalid',
  POLICY_VIOLATION: 'invalid',
  INVALID_GROUP_ID: 'invalid',
  INVALID_COMMIT_OFFSET_SIZE: 'invalid',
  OFFSET_METADATA_TOO_LARGE: 'invalid',
  GROUP_AUTHORIZATION_FAILED: 'forbidden',
  TOPIC_AUTHORIZATION_FAILED: 'forbidden',
  CLUSTER_AUTHORIZATION_FAILED: 'forbidden',
};

/** A refusal for Kafka's error `name`; codes not listed are the cluster's trouble, not the request's. */
export function refusalFor(name: string, message: string | null): OperatorRefusal {
  return new OperatorRefusal(KINDS[name] ?? 'unavailable', name, message ?? name);
}

interface ErrorLike {
  type?: unknown;
  message?: unknown;
  errors?: unknown;
  groups?: unknown;
  error?: unknown;
  originalError?: unknown;
  cause?: unknown;
}

/**
 * Finds Kafka's error inside ours (KafkaProtocolError) or kafkajs' wrappers (retries, aggregates,
 * KafkaJSDeleteGroupsError's per-group errors); anything else is a connection-level failure.
 */
export function toRefusal(error: unknown): OperatorRefusal {
  if (error instanceof OperatorRefusal) return error;
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const e = queue.shift() as ErrorLike | null | undefined;
    if (e === null || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    if (e instanceof KafkaProtocolError) return refusalFor(e.kafkaError.name, e.message);
    if (typeof e.type === 'string' && /^[A-Z_]+$/.test(e.type) && e.type !== 'UNKNOWN')
      return refusalFor(e.type, typeof e.message === 'string' ? e.message : null);
    for (const list of [e.errors, e.groups]) if (Array.isArray(list)) queue.push(...list);
    queue.push(e.error, e.originalError, e.cause);
  }
  return new OperatorRefusal('unavailable', null, error instanceof Error ? error.message : String(error));
}
