// The single ZooKeeper of a cluster in ZooKeeper mode.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toPropertiesFile, zookeeperProperties } from './broker-config.ts';
import { javaArgs } from './jvm.ts';
import { JvmProcess, tailOfFile } from './jvm-process.ts';
import { waitForPort } from './ports.ts';
import type { KafkaJars } from './versions.ts';

/**
 * Starts ZooKeeper in `<clusterDir>/zookeeper` and resolves once it listens on `port`.
 * `spawned` receives the JVM at once, so a failure report can include its log.
 */
export async function startZookeeper(input: {
  port: number;
  jars: KafkaJars;
  clusterDir: string;
  spawned: (zookeeper: JvmProcess) => void;
  describeFailure: (reason: string) => string;
}): Promise<void> {
  const dir = join(input.clusterDir, 'zookeeper');
  mkdirSync(join(dir, 'data'), { recursive: true });
  const config = join(dir, 'zoo.cfg');
  writeFileSync(config, toPropertiesFile(zookeeperProperties(input.port, join(dir, 'data'))));
  const args = javaArgs({
    jars: input.jars,
    classpath: 'libs',
    clusterDir: input.clusterDir,
    mainClass: 'org.apache.zookeeper.server.ZooKeeperServerMain',
    args: [config],
    heap: '256m',
    logLevel: 'INFO',
    logTo: 'stdout',
    extraJvmArgs: ['-Dzookeeper.admin.enableServer=false'],
  });
  const zookeeper = new JvmProcess(args, join(dir, 'zookeeper.log'), join(dir, 'zookeeper.pid'));
  input.spawned(zookeeper);
  await waitForPort(input.port, 60_000, () => {
    if (zookeeper.hasExited) {
      throw new Error(input.describeFailure(`ZooKeeper exited on start:\n${tailOfFile(zookeeper.logFile)}`));
    }
  });
}

/** ZooKeeper keeps a killed broker's registration this long (zookeeper.session.timeout.ms + margin). */
const ZOOKEEPER_SESSION_GRACE_MS = 7_000;

/** A broker killed at `killedAt` may register again once its ephemeral ZooKeeper registration expired. */
export async function waitForSessionExpiry(killedAt: number): Promise<void> {
  const wait = killedAt + ZOOKEEPER_SESSION_GRACE_MS - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}
