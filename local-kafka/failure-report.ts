// The message of a cluster that failed to start: what went wrong plus the tail of every log.
import type { ClusterMode } from './broker-config.ts';
import { tailOfFile } from './jvm-process.ts';
import type { KafkaVersion } from './versions.ts';

export function clusterFailureReport(
  cluster: {
    readonly version: KafkaVersion;
    readonly mode: ClusterMode;
    readonly dataDir: string;
    readonly brokers: readonly { readonly id: number; readonly logFile: string }[];
  },
  zookeeper: { readonly logFile: string } | undefined,
  reason: string,
): string {
  const logs = cluster.brokers.map(
    (b) => `--- broker ${b.id}: ${b.logFile} (tail) ---\n${tailOfFile(b.logFile)}`,
  );
  if (zookeeper)
    logs.push(`--- zookeeper: ${zookeeper.logFile} (tail) ---\n${tailOfFile(zookeeper.logFile)}`);
  return `Kafka ${cluster.version} ${cluster.mode} cluster (${cluster.dataDir}) ${reason}\n${logs.join('\n')}`;
}
