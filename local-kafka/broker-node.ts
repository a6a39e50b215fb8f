// One broker of a harness cluster: its ports, directory and config, and its current JVM.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brokerProperties, type ClusterMode, type NodeAddress, toPropertiesFile } from './broker-config.ts';
import { javaArgs } from './jvm.ts';
import { JvmProcess } from './jvm-process.ts';
import { freePort } from './ports.ts';
import { isKafka4, KAFKA_LOCAL_DIR, type KafkaJars, type KafkaVersion } from './versions.ts';

/** What a test sees of one broker. */
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

export class BrokerNode implements BrokerInfo {
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

/** Picks ports and writes every broker's server.properties. */
export async function prepareNodes(input: {
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

/** Starts the broker's JVM (without waiting for it) and makes it the node's current process. */
export function spawnBroker(node: BrokerNode, jars: KafkaJars, clusterDir: string): void {
  const agent =
    node.jmxPort === undefined
      ? []
      : [
          `-javaagent:${jars.agentJar}=127.0.0.1:${node.jmxPort}:${join(KAFKA_LOCAL_DIR, 'config', 'jmx-exporter.yaml')}`,
        ];
  const args = javaArgs({
    jars,
    classpath: 'libs',
    clusterDir,
    mainClass: 'kafka.Kafka',
    args: [node.configFile],
    heap: '512m',
    logLevel: 'INFO',
    logTo: 'stdout',
    extraJvmArgs: [...agent, `-Dkafka.logs.dir=${node.dir}`],
  });
  node.process = new JvmProcess(args, node.logFile, node.pidFile);
}

export function findBroker(brokers: readonly BrokerNode[], id: number): BrokerNode {
  const node = brokers.find((b) => b.id === id);
  if (node === undefined)
    throw new Error(`No broker ${id}; brokers are ${brokers.map((b) => b.id).join(', ')}`);
  return node;
}

export function findRunningBroker(brokers: readonly BrokerNode[], id: number): BrokerNode {
  const node = findBroker(brokers, id);
  if (!node.running) throw new Error(`Broker ${id} is not running`);
  return node;
}
