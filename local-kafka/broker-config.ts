// server.properties for harness brokers: settings that make a tiny cluster fast and predictable.

export type ClusterMode = 'kraft' | 'zookeeper';

export interface NodeAddress {
  id: number;
  port: number;
  /** KRaft only: the node's controller listener. */
  controllerPort?: number;
}

export interface BrokerConfigInput {
  mode: ClusterMode;
  kafka4: boolean;
  node: NodeAddress;
  allNodes: NodeAddress[];
  logDir: string;
  zookeeperPort?: number;
  overrides?: Record<string, string>;
}

export function brokerProperties(input: BrokerConfigInput): Record<string, string> {
  const { node, allNodes } = input;
  const brokerCount = allNodes.length;
  const replication = String(Math.min(3, brokerCount));
  const minIsr = String(Math.min(2, brokerCount));

  const base: Record<string, string> = {
    listeners: `PLAINTEXT://127.0.0.1:${node.port}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${node.port}`,
    'inter.broker.listener.name': 'PLAINTEXT',
    'log.dirs': input.logDir,
    'num.partitions': '1',
    // Internal topics must fit the cluster, and fewer partitions make the first consumer group
    // and the first transaction much faster to set up.
    'offsets.topic.replication.factor': replication,
    'offsets.topic.num.partitions': '10',
    'transaction.state.log.replication.factor': replication,
    'transaction.state.log.min.isr': minIsr,
    'transaction.state.log.num.partitions': '10',
    'group.initial.rebalance.delay.ms': '0',
    // A stopped follower leaves the ISR within ~10 s instead of 30 s.
    'replica.lag.time.max.ms': '10000',
    // Fewer idle threads: several brokers share two cores.
    'num.network.threads': '2',
    'num.io.threads': '4',
    'background.threads': '4',
  };

  if (input.kafka4) {
    base['share.coordinator.state.topic.replication.factor'] = replication;
    base['share.coordinator.state.topic.min.isr'] = minIsr;
  }

  if (input.mode === 'kraft') {
    const voters = allNodes.map((n) => `${n.id}@127.0.0.1:${n.controllerPort}`).join(',');
    Object.assign(base, {
      // Every node is broker and controller, so three nodes make a three-voter quorum.
      'process.roles': 'broker,controller',
      'node.id': String(node.id),
      'controller.quorum.voters': voters,
      'controller.listener.names': 'CONTROLLER',
      listeners: `PLAINTEXT://127.0.0.1:${node.port},CONTROLLER://127.0.0.1:${node.controllerPort}`,
      'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    });
  } else {
    Object.assign(base, {
      'broker.id': String(node.id),
      'zookeeper.connect': `127.0.0.1:${input.zookeeperPort}`,
      // A killed broker's registration expires sooner, so it can be restarted sooner.
      'zookeeper.session.timeout.ms': '6000',
      'zookeeper.connection.timeout.ms': '30000',
    });
  }

  return { ...base, ...input.overrides };
}

export function zookeeperProperties(port: number, dataDir: string): Record<string, string> {
  return {
    clientPort: String(port),
    clientPortAddress: '127.0.0.1',
    dataDir,
    // Short ticks allow the short broker session timeout above.
    tickTime: '500',
    maxClientCnxns: '0',
    // The admin server would need Jetty and port 8080.
    'admin.enableServer': 'false',
  };
}

export function toPropertiesFile(properties: Record<string, string>): string {
  return `${Object.entries(properties)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')}\n`;
}
