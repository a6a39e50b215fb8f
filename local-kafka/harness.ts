// Real Apache Kafka clusters for tests, started from the jars in .cache/kafka (npm run kafka:fetch).
import type { ClusterMode } from './broker-config.ts';
import {
  type BrokerInfo,
  type BrokerNode,
  findBroker,
  findRunningBroker,
  prepareNodes,
  spawnBroker,
} from './broker-node.ts';

export type { BrokerInfo };

import { type ClusterDir, createClusterDir, discardClusterDir, releaseClusterDir } from './cluster-dir.ts';
import { clusterFailureReport } from './failure-report.ts';
import { type JvmProcess, killAll } from './jvm-process.ts';
import { freePort } from './ports.ts';
import { reapAbandonedClusters } from './process-guard.ts';
import { waitForBrokers } from './readiness.ts';
import { formatStorage } from './storage.ts';
import { isKafka4, type KafkaJars, type KafkaVersion, kafkaJars, resolveKafkaVersion } from './versions.ts';
import { startZookeeper, waitForSessionExpiry } from './zookeeper.ts';

export type { ClusterMode } from './broker-config.ts';

export interface StartClusterOptions {
  brokers: 1 | 3;
  /** `4.x`, `3.9`, `3.9.2`…; defaults to env KAFKA_VERSION, then the newest pinned 4.x. */
  version?: string;
  /** ZooKeeper mode exists only up to Kafka 3.9. */
  mode?: ClusterMode;
  /** Attach the Prometheus JMX exporter agent to every broker. */
  jmx?: boolean;
  /** server.properties entries that win over the harness defaults. */
  brokerConfig?: Record<string, string>;
  /** How long to wait for all brokers to be listed in Metadata (default 120 s). */
  startTimeoutMs?: number;
}

export interface KafkaCluster {
  /** `127.0.0.1:p1,127.0.0.1:p2,…` */
  readonly bootstrap: string;
  readonly version: KafkaVersion;
  readonly mode: ClusterMode;
  readonly brokers: readonly BrokerInfo[];
  /** Root of this cluster's configs, data and logs. */
  readonly dataDir: string;
  /** `127.0.0.1:port` of the cluster's ZooKeeper, in ZooKeeper mode. */
  readonly zookeeperConnect: string | undefined;
  /** Kills every process of the cluster, waits for them to exit and removes dataDir. Idempotent. */
  stop(): Promise<void>;
  /** SIGKILL: a crash, no controlled shutdown. */
  killBroker(id: number): Promise<void>;
  /** SIGTERM: controlled shutdown; waits for the JVM to exit. */
  stopBroker(id: number): Promise<void>;
  /** SIGSTOP: the broker hangs, its sockets stay open; resolves once the JVM is stopped. */
  pauseBroker(id: number): Promise<void>;
  /** SIGCONT; resolves once the JVM runs again. */
  resumeBroker(id: number): Promise<void>;
  /** Restarts a killed or stopped broker with the same id, ports and data; resolves once it is listed in Metadata. */
  startBroker(id: number): Promise<void>;
}

const DEFAULT_START_TIMEOUT_MS = 120_000;

interface ClusterSetup {
  version: KafkaVersion;
  mode: ClusterMode;
  dir: ClusterDir;
  brokers: BrokerNode[];
  jars: KafkaJars;
  zookeeperPort: number | undefined;
  startTimeoutMs: number;
}

class HarnessCluster implements KafkaCluster {
  readonly bootstrap: string;
  readonly version: KafkaVersion;
  readonly mode: ClusterMode;
  readonly dataDir: string;
  readonly brokers: BrokerNode[];
  readonly zookeeperConnect: string | undefined;
  private zookeeper: JvmProcess | undefined;
  private stopping: Promise<void> | undefined;
  private readonly paused = new Set<number>();

  constructor(private readonly setup: ClusterSetup) {
    this.version = setup.version;
    this.mode = setup.mode;
    this.dataDir = setup.dir.dataDir;
    this.brokers = setup.brokers;
    this.zookeeperConnect =
      setup.zookeeperPort === undefined ? undefined : `127.0.0.1:${setup.zookeeperPort}`;
    this.bootstrap = this.brokers.map((b) => `127.0.0.1:${b.port}`).join(',');
  }

  async start(): Promise<void> {
    if (this.setup.zookeeperPort !== undefined) {
      await startZookeeper({
        port: this.setup.zookeeperPort,
        jars: this.setup.jars,
        clusterDir: this.dataDir,
        spawned: (zookeeper) => {
          this.zookeeper = zookeeper;
        },
        describeFailure: (reason) => this.failureReport(reason),
      });
    }
    if (this.mode === 'kraft') await formatStorage(this.brokers, this.setup.jars, this.dataDir);
    for (const node of this.brokers) spawnBroker(node, this.setup.jars, this.dataDir);
    await waitForBrokers({
      askPorts: this.brokers.map((b) => b.port),
      expectedIds: this.brokers.map((b) => b.id),
      timeoutMs: this.setup.startTimeoutMs,
      checkAbort: () => this.failIfAnyExited(this.brokers),
      describeFailure: (reason) => this.failureReport(`did not start: ${reason}`),
    });
  }

  stop(): Promise<void> {
    this.stopping ??= this.stopEverything();
    return this.stopping;
  }

  async killBroker(id: number): Promise<void> {
    const node = findRunningBroker(this.brokers, id);
    await node.process?.kill();
    node.killedAt = Date.now();
    this.paused.delete(id);
  }

  async stopBroker(id: number): Promise<void> {
    const jvm = findRunningBroker(this.brokers, id).process!;
    jvm.signal('SIGTERM');
    // A paused JVM would never act on SIGTERM.
    jvm.signal('SIGCONT');
    this.paused.delete(id);
    // A controlled shutdown that cannot finish (e.g. the quorum is gone) would hang; give up after a while.
    if ((await jvm.waitForExit(60_000)) === undefined) await jvm.kill();
  }

  async pauseBroker(id: number): Promise<void> {
    this.paused.add(id);
    await findRunningBroker(this.brokers, id).process!.pause();
  }

  async resumeBroker(id: number): Promise<void> {
    await findRunningBroker(this.brokers, id).process!.resume();
    this.paused.delete(id);
  }

  async startBroker(id: number): Promise<void> {
    if (this.stopping) throw new Error('The cluster was stopped');
    const node = findBroker(this.brokers, id);
    if (node.running) throw new Error(`Broker ${id} is already running`);
    // The killed JVM's ephemeral registration must expire first, or the new JVM refuses to start.
    if (this.mode === 'zookeeper') await waitForSessionExpiry(node.killedAt);
    spawnBroker(node, this.setup.jars, this.dataDir);
    // Every reachable broker must see it; the restarted broker itself answers first.
    const witnesses = this.brokers.filter((b) => b.running && !this.paused.has(b.id) && b.id !== id);
    await waitForBrokers({
      askPorts: [node.port, ...witnesses.map((b) => b.port)],
      expectedIds: [id],
      timeoutMs: this.setup.startTimeoutMs,
      checkAbort: () => this.failIfAnyExited([node]),
      describeFailure: (reason) => this.failureReport(`broker ${id} did not restart: ${reason}`),
    });
  }

  private failIfAnyExited(nodes: BrokerNode[]): void {
    const dead = nodes.find((n) => n.process?.hasExited);
    if (dead) throw new Error(this.failureReport(`broker ${dead.id} exited during startup`));
  }

  private failureReport(reason: string): string {
    return clusterFailureReport(this, this.zookeeper, reason);
  }

  private async stopEverything(): Promise<void> {
    // The data is thrown away, so a controlled shutdown would only cost time.
    // If one will not die, this rejects and leaves the directory and the watchdog: the watchdog
    // kills what carries the marker once we exit.
    await killAll([...this.brokers.map((b) => b.process), this.zookeeper]);
    releaseClusterDir(
      this.setup.dir,
      this.brokers.map((b) => b.dir),
    );
  }
}

export async function startCluster(options: StartClusterOptions): Promise<KafkaCluster> {
  const version = resolveKafkaVersion(options.version);
  const mode = options.mode ?? 'kraft';
  if (mode === 'zookeeper' && isKafka4(version)) {
    throw new Error(
      `Kafka ${version} has no ZooKeeper mode (removed in 4.0); use version '3.9' or mode 'kraft'`,
    );
  }
  if (options.brokers !== 1 && options.brokers !== 3) {
    throw new Error(`brokers must be 1 or 3, got ${String(options.brokers)}`);
  }
  const jars = kafkaJars(version);
  reapAbandonedClusters();

  const dir = createClusterDir();
  let cluster: HarnessCluster;
  try {
    const zookeeperPort = mode === 'zookeeper' ? await freePort() : undefined;
    cluster = new HarnessCluster({
      version,
      mode,
      dir,
      brokers: await prepareNodes({ ...options, mode, version, dataDir: dir.dataDir, zookeeperPort }),
      jars,
      zookeeperPort,
      startTimeoutMs: options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
    });
  } catch (error) {
    discardClusterDir(dir);
    throw error;
  }
  try {
    await cluster.start();
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}
