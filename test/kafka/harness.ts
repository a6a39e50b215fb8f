// Real Apache Kafka clusters for tests, started from the jars in .cache/kafka (npm run kafka:fetch).
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  brokerProperties,
  type ClusterMode,
  type NodeAddress,
  toPropertiesFile,
  zookeeperProperties,
} from './broker-config.ts';
import { javaArgs } from './jvm.ts';
import { JvmProcess, runJvmToCompletion, tailOfFile } from './jvm-process.ts';
import { freePort, waitForPort } from './ports.ts';
import {
  CLUSTER_DIR_PREFIX,
  killGroup,
  OWNER_PID_FILE,
  reapAbandonedClusters,
  startWatchdog,
  trackClusterDir,
  untrackClusterDir,
} from './process-guard.ts';
import { waitForBrokers } from './readiness.ts';
import {
  isKafka4,
  KAFKA_TEST_DIR,
  type KafkaJars,
  type KafkaVersion,
  kafkaJars,
  resolveKafkaVersion,
} from './versions.ts';

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

export interface BrokerInfo {
  readonly id: number;
  readonly port: number;
  /** Prometheus metrics of this broker's JVM, when started with `jmx: true`. */
  readonly jmxUrl?: string;
  /** The broker's stdout, stderr and Kafka log, in order. */
  readonly logFile: string;
  /** Pid of the broker's current JVM, undefined while it is killed or stopped. */
  readonly pid: number | undefined;
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
/** ZooKeeper keeps a killed broker's registration this long (zookeeper.session.timeout.ms + margin). */
const ZOOKEEPER_SESSION_GRACE_MS = 7_000;

class BrokerNode implements BrokerInfo {
  process: JvmProcess | undefined;
  killedAt = 0;
  readonly jmxUrl?: string;
  readonly logFile: string;
  readonly pidFile: string;
  readonly configFile: string;

  constructor(
    readonly address: NodeAddress,
    readonly dir: string,
    readonly jmxPort: number | undefined,
  ) {
    this.logFile = join(dir, 'broker.log');
    this.pidFile = join(dir, 'broker.pid');
    this.configFile = join(dir, 'server.properties');
    if (jmxPort !== undefined) this.jmxUrl = `http://127.0.0.1:${jmxPort}/metrics`;
  }

  get id(): number {
    return this.address.id;
  }

  get port(): number {
    return this.address.port;
  }

  get pid(): number | undefined {
    return this.running ? this.process?.pid : undefined;
  }

  get running(): boolean {
    return this.process !== undefined && !this.process.hasExited;
  }
}

interface ClusterSetup {
  version: KafkaVersion;
  mode: ClusterMode;
  dataDir: string;
  brokers: BrokerNode[];
  jars: KafkaJars;
  zookeeperPort: number | undefined;
  watchdogPid: number;
  keepLogs: boolean;
  startTimeoutMs: number;
}

class HarnessCluster implements KafkaCluster {
  readonly bootstrap: string;
  readonly version: KafkaVersion;
  readonly mode: ClusterMode;
  readonly dataDir: string;
  readonly brokers: BrokerNode[];
  readonly zookeeperConnect: string | undefined;
  private readonly jars: KafkaJars;
  private readonly zookeeperPort: number | undefined;
  private readonly watchdogPid: number;
  private readonly keepLogs: boolean;
  private readonly startTimeoutMs: number;
  private zookeeper: JvmProcess | undefined;
  private stopping: Promise<void> | undefined;
  private readonly paused = new Set<number>();

  constructor(setup: ClusterSetup) {
    this.version = setup.version;
    this.mode = setup.mode;
    this.dataDir = setup.dataDir;
    this.brokers = setup.brokers;
    this.jars = setup.jars;
    this.zookeeperPort = setup.zookeeperPort;
    this.zookeeperConnect =
      setup.zookeeperPort === undefined ? undefined : `127.0.0.1:${setup.zookeeperPort}`;
    this.watchdogPid = setup.watchdogPid;
    this.keepLogs = setup.keepLogs;
    this.startTimeoutMs = setup.startTimeoutMs;
    this.bootstrap = this.brokers.map((b) => `127.0.0.1:${b.port}`).join(',');
  }

  async start(): Promise<void> {
    if (this.zookeeperPort !== undefined) await this.startZookeeper(this.zookeeperPort);
    if (this.mode === 'kraft') await this.formatStorage();
    for (const node of this.brokers) this.spawnBroker(node);
    await waitForBrokers({
      askPorts: this.brokers.map((b) => b.port),
      expectedIds: this.brokers.map((b) => b.id),
      timeoutMs: this.startTimeoutMs,
      checkAbort: () => this.failIfAnyExited(this.brokers),
      describeFailure: (reason) => this.failureReport(`did not start: ${reason}`),
    });
  }

  stop(): Promise<void> {
    this.stopping ??= this.stopEverything();
    return this.stopping;
  }

  async killBroker(id: number): Promise<void> {
    const node = this.runningNode(id);
    await node.process?.kill();
    node.killedAt = Date.now();
    this.paused.delete(id);
  }

  async stopBroker(id: number): Promise<void> {
    const jvm = this.runningNode(id).process!;
    jvm.signal('SIGTERM');
    // A paused JVM would never act on SIGTERM.
    jvm.signal('SIGCONT');
    this.paused.delete(id);
    // A controlled shutdown that cannot finish (e.g. the quorum is gone) would hang; give up after a while.
    if ((await jvm.waitForExit(60_000)) === undefined) await jvm.kill();
  }

  async pauseBroker(id: number): Promise<void> {
    this.paused.add(id);
    await this.runningNode(id).process!.pause();
  }

  async resumeBroker(id: number): Promise<void> {
    await this.runningNode(id).process!.resume();
    this.paused.delete(id);
  }

  async startBroker(id: number): Promise<void> {
    if (this.stopping) throw new Error('The cluster was stopped');
    const node = this.node(id);
    if (node.running) throw new Error(`Broker ${id} is already running`);
    if (this.mode === 'zookeeper') {
      // The killed JVM's ephemeral registration must expire first, or the new JVM refuses to start.
      const wait = node.killedAt + ZOOKEEPER_SESSION_GRACE_MS - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    this.spawnBroker(node);
    // Every reachable broker must see it; the restarted broker itself answers first.
    const witnesses = this.brokers.filter((b) => b.running && !this.paused.has(b.id) && b.id !== id);
    await waitForBrokers({
      askPorts: [node.port, ...witnesses.map((b) => b.port)],
      expectedIds: [id],
      timeoutMs: this.startTimeoutMs,
      checkAbort: () => this.failIfAnyExited([node]),
      describeFailure: (reason) => this.failureReport(`broker ${id} did not restart: ${reason}`),
    });
  }

  private node(id: number): BrokerNode {
    const node = this.brokers.find((b) => b.id === id);
    if (node === undefined)
      throw new Error(`No broker ${id}; brokers are ${this.brokers.map((b) => b.id).join(', ')}`);
    return node;
  }

  private runningNode(id: number): BrokerNode {
    const node = this.node(id);
    if (!node.running) throw new Error(`Broker ${id} is not running`);
    return node;
  }

  private async startZookeeper(port: number): Promise<void> {
    const dir = join(this.dataDir, 'zookeeper');
    mkdirSync(join(dir, 'data'), { recursive: true });
    const config = join(dir, 'zoo.cfg');
    writeFileSync(config, toPropertiesFile(zookeeperProperties(port, join(dir, 'data'))));
    const args = javaArgs({
      jars: this.jars,
      classpath: 'libs',
      clusterDir: this.dataDir,
      mainClass: 'org.apache.zookeeper.server.ZooKeeperServerMain',
      args: [config],
      heap: '256m',
      logLevel: 'INFO',
      logTo: 'stdout',
      extraJvmArgs: ['-Dzookeeper.admin.enableServer=false'],
    });
    const zookeeper = new JvmProcess(args, join(dir, 'zookeeper.log'), join(dir, 'zookeeper.pid'));
    this.zookeeper = zookeeper;
    await waitForPort(port, 60_000, () => {
      if (zookeeper.hasExited) {
        throw new Error(this.failureReport(`ZooKeeper exited on start:\n${tailOfFile(zookeeper.logFile)}`));
      }
    });
  }

  /** KRaft nodes refuse to start on unformatted storage; all nodes must share one cluster id. */
  private async formatStorage(): Promise<void> {
    const clusterId = newClusterId();
    await Promise.all(
      this.brokers.map(async (node) => {
        const result = await runJvmToCompletion(
          javaArgs({
            jars: this.jars,
            classpath: 'libs',
            clusterDir: this.dataDir,
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

  private spawnBroker(node: BrokerNode): void {
    const agent =
      node.jmxPort === undefined
        ? []
        : [
            `-javaagent:${this.jars.agentJar}=127.0.0.1:${node.jmxPort}:${join(KAFKA_TEST_DIR, 'config', 'jmx-exporter.yaml')}`,
          ];
    const args = javaArgs({
      jars: this.jars,
      classpath: 'libs',
      clusterDir: this.dataDir,
      mainClass: 'kafka.Kafka',
      args: [node.configFile],
      heap: '512m',
      logLevel: 'INFO',
      logTo: 'stdout',
      extraJvmArgs: [...agent, `-Dkafka.logs.dir=${node.dir}`],
    });
    node.process = new JvmProcess(args, node.logFile, node.pidFile);
  }

  private failIfAnyExited(nodes: BrokerNode[]): void {
    const dead = nodes.find((n) => n.process?.hasExited);
    if (dead) throw new Error(this.failureReport(`broker ${dead.id} exited during startup`));
  }

  private failureReport(reason: string): string {
    const logs = this.brokers.map(
      (b) => `--- broker ${b.id}: ${b.logFile} (tail) ---\n${tailOfFile(b.logFile)}`,
    );
    if (this.zookeeper)
      logs.push(`--- zookeeper: ${this.zookeeper.logFile} (tail) ---\n${tailOfFile(this.zookeeper.logFile)}`);
    return `Kafka ${this.version} ${this.mode} cluster (${this.dataDir}) ${reason}\n${logs.join('\n')}`;
  }

  private async stopEverything(): Promise<void> {
    // The data is thrown away, so a controlled shutdown would only cost time.
    const jvms = [...this.brokers.map((b) => b.process), this.zookeeper].filter(
      (jvm): jvm is JvmProcess => jvm !== undefined && !jvm.hasExited,
    );
    const kills = await Promise.allSettled(jvms.map((jvm) => jvm.kill()));
    const stuck = kills.find((kill): kill is PromiseRejectedResult => kill.status === 'rejected');
    if (stuck) {
      // Leave the directory and the watchdog: the watchdog kills what carries the marker once we exit.
      throw stuck.reason;
    }
    killGroup(this.watchdogPid, 'SIGKILL');
    untrackClusterDir(this.dataDir);
    if (this.keepLogs) {
      for (const node of this.brokers) rmSync(join(node.dir, 'data'), { recursive: true, force: true });
      rmSync(join(this.dataDir, 'zookeeper', 'data'), { recursive: true, force: true });
      rmSync(join(this.dataDir, OWNER_PID_FILE), { force: true });
      console.error(`Kafka harness: logs kept in ${this.dataDir}`);
    } else {
      rmSync(this.dataDir, { recursive: true, force: true, maxRetries: 3 });
    }
  }
}

/** Kafka cluster ids are 16 random bytes in URL-safe base64; a leading '-' would read as a CLI flag. */
function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** Picks ports and writes every broker's server.properties. */
async function prepareNodes(input: {
  brokers: number;
  mode: ClusterMode;
  version: KafkaVersion;
  dataDir: string;
  zookeeperPort: number | undefined;
  jmx?: boolean;
  brokerConfig?: Record<string, string>;
}): Promise<BrokerNode[]> {
  const addresses: NodeAddress[] = [];
  for (let id = 1; id <= input.brokers; id++) {
    const port = await freePort();
    addresses.push({ id, port, controllerPort: input.mode === 'kraft' ? await freePort() : undefined });
  }
  const nodes: BrokerNode[] = [];
  for (const address of addresses) {
    const dir = join(input.dataDir, `broker-${address.id}`);
    mkdirSync(dir, { recursive: true });
    const node = new BrokerNode(address, dir, input.jmx ? await freePort() : undefined);
    const properties = brokerProperties({
      mode: input.mode,
      kafka4: isKafka4(input.version),
      node: address,
      allNodes: addresses,
      logDir: join(dir, 'data'),
      zookeeperPort: input.zookeeperPort,
      overrides: input.brokerConfig,
    });
    writeFileSync(node.configFile, toPropertiesFile(properties));
    nodes.push(node);
  }
  return nodes;
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

  const dataDir = mkdtempSync(join(tmpdir(), CLUSTER_DIR_PREFIX));
  writeFileSync(join(dataDir, OWNER_PID_FILE), `${process.pid}\n`);
  const keepLogs = Boolean(process.env.KAFKA_HARNESS_KEEP_LOGS);
  trackClusterDir(dataDir, keepLogs);
  const watchdogPid = startWatchdog(dataDir, keepLogs);

  let cluster: HarnessCluster;
  try {
    const zookeeperPort = mode === 'zookeeper' ? await freePort() : undefined;
    cluster = new HarnessCluster({
      version,
      mode,
      dataDir,
      brokers: await prepareNodes({ ...options, mode, version, dataDir, zookeeperPort }),
      jars,
      zookeeperPort,
      watchdogPid,
      keepLogs,
      startTimeoutMs: options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
    });
  } catch (error) {
    killGroup(watchdogPid, 'SIGKILL');
    untrackClusterDir(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
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
