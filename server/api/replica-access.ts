// Shared by the election and reassignment routes: the cluster's replica admin, and Kafka's
// refusals as clear 4xx answers.
import { AdminRefusal, type RefusalKind } from '../kafka/admin.ts';
import { ApiError } from './errors.ts';
import { knownCluster } from './lookup.ts';
import type { ApiSource, ReassignmentWatchPort, ReplicaAdminPort } from './source.ts';

const REFUSALS: Record<RefusalKind, [number, string]> = {
  exists: [409, 'kafka_refused'],
  unknown: [404, 'not_found'],
  invalid: [400, 'kafka_refused'],
  forbidden: [403, 'kafka_forbidden'],
  deletion_disabled: [403, 'kafka_refused'],
  unavailable: [503, 'kafka_unavailable'],
};

export function replicasFor(
  source: ApiSource,
  cluster: string,
): { admin: ReplicaAdminPort; watch: ReassignmentWatchPort } {
  knownCluster(source, cluster);
  const replicas = source.replicas?.(cluster);
  if (!replicas) throw new ApiError(503, 'admin_unavailable', 'admin actions are not available');
  return replicas;
}

/** Runs a Kafka call; a refusal becomes a 4xx (503 when Kafka did not answer). */
export async function kafkaCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof AdminRefusal)) throw error;
    const [status, code] = REFUSALS[error.kind];
    const prefix = error.kafkaError ? `Kafka refused (${error.kafkaError}): ` : 'Kafka did not answer: ';
    throw new ApiError(status, code, prefix + error.message);
  }
}
