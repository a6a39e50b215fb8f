// KRaft storage formatting, done once before the first start of a KRaft cluster.
import { randomBytes } from 'node:crypto';
import type { BrokerNode } from './broker-node.ts';
import { javaArgs } from './jvm.ts';
import { runJvmToCompletion } from './jvm-process.ts';
import type { KafkaJars } from './versions.ts';

/** KRaft nodes refuse to start on unformatted storage; all nodes must share one cluster id. */
export async function formatStorage(
  nodes: readonly BrokerNode[],
  jars: KafkaJars,
  clusterDir: string,
): Promise<void> {
  const clusterId = newClusterId();
  await Promise.all(
    nodes.map(async (node) => {
      const result = await runJvmToCompletion(
        javaArgs({
          jars,
          classpath: 'libs',
          clusterDir,
          mainClass: 'kafka.tools.StorageTool',
          args: ['format', '--cluster-id', clusterId, '--config', node.configFile],
          heap: '256m',
          logLevel: 'WARN',
          logTo: 'stderr',
        }),
        120_000,
      );
      if (result.code !== 0) {
        throw new Error(
          `Formatting broker ${node.id} storage failed (exit ${result.code}):\n${result.stdout}${result.stderr}`,
        );
      }
    }),
  );
}

/** Kafka cluster ids are 16 random bytes in URL-safe base64; a leading '-' would read as a CLI flag. */
function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
