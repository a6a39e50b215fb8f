import { OperatorRefusal, type OperatorRefusalKind } from '../kafka/admin/index.ts';
import { ApiError } from './errors.ts';
import { knownCluster } from './lookup.ts';
import type { OperatorPort } from './operator-ports.ts';
import type { ApiSource } from './source.ts';

const STATUS: Record<OperatorRefusalKind, [number, string]> = {
  conflict: [409, 'kafka_conflict'],
  invalid: [400, 'kafka_refused'],
  unknown: [404, 'not_found'],
  forbidden: [403, 'kafka_forbidden'],
  unavailable: [503, 'kafka_unavailable'],
};

/** Runs an operator action; Kafka's refusals and our safety checks become 4xx with their reason. */
export async function operatorCall<T>(
  source: ApiSource,
  cluster: string,
  call: (operator: OperatorPort) => Promise<T>,
): Promise<T> {
  knownCluster(source, cluster);
  const operator = source.operator?.(cluster);
  if (!operator) throw new ApiError(503, 'admin_unavailable', 'admin actions are not available');
  try {
    return await call(operator);
  } catch (error) {
    if (!(error instanceof OperatorRefusal)) throw error;
    const [status, code] = STATUS[error.kind];
    const message =
      error.kafkaError === null || error.message.startsWith('Kafka refused')
        ? error.message
        : `Kafka refused (${error.kafkaError}): ${error.message}`;
    throw new ApiError(
      status,
      error.code ?? code,
      error.kafkaError === null && error.kind === 'unavailable'
        ? `Kafka did not answer: ${message}`
        : message,
    );
  }
}
