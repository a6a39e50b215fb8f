// Kafka's own CLI tools against a harness cluster: an independent second opinion for tests that
// check what Kestrel reports (lag, quorum leader, ISR). Kafka's clients (console consumers, the
// Java producer) are in clients.ts.
import type { KafkaCluster } from '../../local-kafka/harness.ts';
import { javaArgs } from '../../local-kafka/jvm.ts';
import { runJvmToCompletion } from '../../local-kafka/jvm-process.ts';
import { KAFKA_39_VERSION, kafkaJars } from '../../local-kafka/versions.ts';

/**
 * Main classes of kafka-consumer-groups.sh, kafka-metadata-quorum.sh, kafka-topics.sh,
 * kafka-leader-election.sh, kafka-get-offsets.sh and kafka-share-groups.sh. All live in the kafka-tools jar, under the same names in 3.9.x and 4.x.
 */
export const TOOL_MAIN_CLASSES = {
  consumerGroups: 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
  metadataQuorum: 'org.apache.kafka.tools.MetadataQuorumCommand',
  topics: 'org.apache.kafka.tools.TopicCommand',
  leaderElection: 'org.apache.kafka.tools.LeaderElectionCommand',
  getOffsets: 'org.apache.kafka.tools.GetOffsetShell',
  shareGroups: 'org.apache.kafka.tools.consumer.group.ShareGroupCommand',
} as const;

export type ToolCluster = Pick<KafkaCluster, 'bootstrap' | 'version' | 'mode' | 'dataDir'>;

const TOOL_TIMEOUT_MS = 60_000;

/** Runs a Kafka CLI class and returns its stdout; a non-zero exit becomes an error with both outputs. */
export async function runKafkaTool(
  cluster: ToolCluster,
  mainClass: string,
  args: string[],
  classpath: 'libs' | 'tools' = 'tools',
): Promise<string> {
  const result = await runJvmToCompletion(
    javaArgs({
      jars: kafkaJars(cluster.version),
      classpath,
      clusterDir: cluster.dataDir,
      mainClass,
      args,
      heap: '256m',
      logLevel: 'WARN',
      logTo: 'stderr',
    }),
    TOOL_TIMEOUT_MS,
  );
  if (result.code !== 0) {
    throw new Error(
      `${mainClass} ${args.join(' ')} exited with ${result.code}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`,
    );
  }
  return result.stdout;
}

/** kafka-consumer-groups.sh, e.g. `['--describe', '--group', 'g']` or `['--list']`. */
export function kafkaConsumerGroups(cluster: ToolCluster, args: string[]): Promise<string> {
  return runKafkaTool(cluster, TOOL_MAIN_CLASSES.consumerGroups, [
    '--bootstrap-server',
    cluster.bootstrap,
    ...args,
  ]);
}

/** kafka-metadata-quorum.sh, e.g. `['describe', '--status']`; KRaft clusters only. */
export function kafkaMetadataQuorum(cluster: ToolCluster, args: string[]): Promise<string> {
  if (cluster.mode !== 'kraft') throw new Error('kafka-metadata-quorum needs a KRaft cluster');
  return runKafkaTool(cluster, TOOL_MAIN_CLASSES.metadataQuorum, [
    '--bootstrap-server',
    cluster.bootstrap,
    ...args,
  ]);
}

/** kafka-topics.sh, e.g. `['--describe', '--topic', 't']`. */
export function kafkaTopics(cluster: ToolCluster, args: string[]): Promise<string> {
  return runKafkaTool(cluster, TOOL_MAIN_CLASSES.topics, ['--bootstrap-server', cluster.bootstrap, ...args]);
}

/** kafka-leader-election.sh, e.g. `['--election-type', 'PREFERRED', '--all-topic-partitions']`. */
export function kafkaLeaderElection(cluster: ToolCluster, args: string[]): Promise<string> {
  return runKafkaTool(cluster, TOOL_MAIN_CLASSES.leaderElection, [
    '--bootstrap-server',
    cluster.bootstrap,
    ...args,
  ]);
}

/**
 * The plan of `kafka-consumer-groups --reset-offsets --dry-run`: "topic-partition" → new offset.
 * Read as words, four per row after the header, because 3.9's tool prints its rows without line
 * breaks (4.x prints one a line); group and topic names have no spaces.
 */
export function parseResetPlan(stdout: string): Map<string, number> {
  const words = stdout.split(/\s+/).filter((w) => w !== '');
  const start = words.indexOf('NEW-OFFSET');
  if (start < 0) throw new Error(`No reset plan in kafka-consumer-groups output:\n${stdout}`);
  const plan = new Map<string, number>();
  for (let i = start + 1; i + 3 < words.length; i += 4) {
    plan.set(`${words[i + 1]}-${words[i + 2]}`, Number(words[i + 3]));
  }
  return plan;
}

/**
 * kafka-configs.sh, e.g. `['--describe', '--entity-type', 'topics', '--entity-name', 't']`. The jars
 * fetched for Kafka 4.4 carry no ConfigCommand (it is in neither the 4.4 core jar nor the 4.3
 * kafka-tools one), so 3.9's (kafka.admin.ConfigCommand, core jar) is run for every cluster: its
 * DescribeConfigs and IncrementalAlterConfigs are answered by 4.x brokers as by 3.9 ones.
 */
export function kafkaConfigs(cluster: ToolCluster, args: string[]): Promise<string> {
  return runKafkaTool(
    { ...cluster, version: KAFKA_39_VERSION },
    'kafka.admin.ConfigCommand',
    ['--bootstrap-server', cluster.bootstrap, ...args],
    'libs',
  );
}

export interface DescribedConfig {
  value: string | null;
  sensitive: boolean;
  /** The first synonym's source, the one in force: DYNAMIC_TOPIC_CONFIG, DEFAULT_CONFIG… */
  source: string | null;
}

/**
 * `kafka-configs --describe` lines such as
 * `  retention.ms=1000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=1000, …}`.
 */
export function parseConfigsDescribe(stdout: string): Map<string, DescribedConfig> {
  const configs = new Map<string, DescribedConfig>();
  for (const line of stdout.split('\n')) {
    const match = /^\s+([A-Za-z0-9._-]+)=(.*) sensitive=(true|false) synonyms=\{([A-Z_]+)?/.exec(line);
    if (!match) continue;
    configs.set(match[1]!, {
      value: match[2] === 'null' ? null : match[2]!,
      sensitive: match[3] === 'true',
      source: match[4] ?? null,
    });
  }
  return configs;
}

/**
 * kafka-get-offsets.sh (GetOffsetShell): "topic:partition:offset" per partition. `time` -2 is
 * the earliest (log start) offset, -1 the latest.
 */
export async function kafkaGetOffsets(
  cluster: ToolCluster,
  topic: string,
  time: -1 | -2,
): Promise<Map<number, number>> {
  const stdout = await runKafkaTool(cluster, TOOL_MAIN_CLASSES.getOffsets, [
    '--bootstrap-server',
    cluster.bootstrap,
    '--topic',
    topic,
    '--time',
    String(time),
  ]);
  const offsets = new Map<number, number>();
  for (const line of stdout.split('\n')) {
    const match = /^(.+):(\d+):(\d+)$/.exec(line.trim());
    if (match?.[1] === topic) offsets.set(Number(match[2]), Number(match[3]));
  }
  return offsets;
}

export interface ConsumerGroupRow {
  group: string;
  topic: string;
  partition: number;
  /** null when the group has no committed offset for the partition ('-'). */
  currentOffset: number | null;
  logEndOffset: number | null;
  lag: number | null;
  consumerId: string | null;
  host: string | null;
  clientId: string | null;
}

const GROUP_COLUMNS = {
  GROUP: 'group',
  TOPIC: 'topic',
  PARTITION: 'partition',
  'CURRENT-OFFSET': 'currentOffset',
  'LOG-END-OFFSET': 'logEndOffset',
  LAG: 'lag',
  'CONSUMER-ID': 'consumerId',
  HOST: 'host',
  'CLIENT-ID': 'clientId',
} as const;

/**
 * Rows of `--describe` (offsets view) output, for one or many groups. The tool pads every column
 * to its widest value, so values are cut at the header's column starts; that keeps a value with
 * spaces (a client id, say) in one piece.
 */
export function parseConsumerGroupDescribe(stdout: string): ConsumerGroupRow[] {
  const rows: ConsumerGroupRow[] = [];
  let columns: { name: string; start: number }[] = [];
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    if (/^GROUP\s+TOPIC\s+PARTITION\b/.test(line)) {
      columns = [...line.matchAll(/\S+/g)].map((match) => ({ name: match[0], start: match.index }));
      continue;
    }
    if (columns.length === 0) continue;
    const cells = new Map<string, string>();
    columns.forEach((column, i) => {
      const end = columns[i + 1]?.start ?? line.length;
      cells.set(column.name, line.slice(column.start, end).trim());
    });
    const text = (name: keyof typeof GROUP_COLUMNS): string | null => {
      const value = cells.get(name);
      return value === undefined || value === '' || value === '-' ? null : value;
    };
    const number = (name: keyof typeof GROUP_COLUMNS): number | null => {
      const value = text(name);
      return value === null ? null : Number(value);
    };
    const group = text('GROUP');
    const topic = text('TOPIC');
    const partition = number('PARTITION');
    // Lines such as "Consumer group 'g' has no active members." are not rows.
    if (group === null || topic === null || partition === null || Number.isNaN(partition)) continue;
    rows.push({
      group,
      topic,
      partition,
      currentOffset: number('CURRENT-OFFSET'),
      logEndOffset: number('LOG-END-OFFSET'),
      lag: number('LAG'),
      consumerId: text('CONSUMER-ID'),
      host: text('HOST'),
      clientId: text('CLIENT-ID'),
    });
  }
  return rows;
}

/** The quorum leader's node id from `describe --status` output. */
export function parseQuorumLeaderId(stdout: string): number {
  const match = /^LeaderId:\s+(\d+)/m.exec(stdout);
  if (!match) throw new Error(`No LeaderId in kafka-metadata-quorum output:\n${stdout}`);
  return Number(match[1]);
}

export interface TopicPartitionRow {
  topic: string;
  partition: number;
  leader: number | null;
  replicas: number[];
  isr: number[];
  /** KIP-966 (Kafka 3.8+ tools): eligible leader replicas; null where the tool prints none. */
  elr: number[] | null;
  lastKnownElr: number[] | null;
  /** Replicas a reassignment in progress is still adding / removing (empty when none). */
  adding: number[];
  removing: number[];
}

/** Partition lines of `kafka-topics --describe` output. */
export function parseTopicDescribe(stdout: string): TopicPartitionRow[] {
  const ids = (value: string | undefined): number[] =>
    (value ?? '')
      .split(',')
      .filter((id) => id.trim() !== '')
      .map(Number)
      .filter((id) => Number.isInteger(id));
  const rows: TopicPartitionRow[] = [];
  for (const line of stdout.split('\n')) {
    // Tab-separated "Name: value" fields; names may have a space ("Adding Replicas"), which must
    // not be read as a second "Replicas".
    const fields = new Map(
      line
        .split('\t')
        .map((chunk) => /^\s*([A-Za-z][\w ]*?):\s*(.*)$/.exec(chunk))
        .filter((match) => match !== null)
        .map((match) => [match[1] ?? '', (match[2] ?? '').trim()]),
    );
    const partition = fields.get('Partition');
    if (partition === undefined) continue;
    const leader = Number(fields.get('Leader'));
    rows.push({
      topic: fields.get('Topic') ?? '',
      partition: Number(partition),
      // -1 or "none" when the partition is offline.
      leader: Number.isInteger(leader) && leader >= 0 ? leader : null,
      replicas: ids(fields.get('Replicas')),
      isr: ids(fields.get('Isr')),
      elr: fields.has('Elr') ? ids(fields.get('Elr')) : null,
      lastKnownElr: fields.has('LastKnownElr') ? ids(fields.get('LastKnownElr')) : null,
      adding: ids(fields.get('Adding Replicas')),
      removing: ids(fields.get('Removing Replicas')),
    });
  }
  return rows;
}

/**
 * The controller id a ZooKeeper-mode cluster has registered in ZooKeeper (/controller): the
 * ground truth that Metadata's controller id is checked against.
 */
export async function zookeeperController(
  cluster: ToolCluster & Pick<KafkaCluster, 'zookeeperConnect'>,
): Promise<number> {
  if (!cluster.zookeeperConnect) throw new Error('not a ZooKeeper-mode cluster');
  const stdout = await runKafkaTool(
    cluster,
    'org.apache.zookeeper.ZooKeeperMain',
    ['-server', cluster.zookeeperConnect, 'get', '/controller'],
    'libs',
  ); // ZooKeeper's own client ships with the broker's jars
  const match = /"brokerid":(\d+)/.exec(stdout);
  if (!match) throw new Error(`No brokerid in /controller:\n${stdout}`);
  return Number(match[1]);
}

/** kafka-share-groups.sh, e.g. `['--describe', '--group', 'g', '--members']`. */
export function kafkaShareGroups(cluster: ToolCluster, args: string[]): Promise<string> {
  return runKafkaTool(cluster, TOOL_MAIN_CLASSES.shareGroups, [
    '--bootstrap-server',
    cluster.bootstrap,
    ...args,
  ]);
}

/**
 * Rows of a padded table that Kafka's group tools print, keyed by header, values cut at the
 * header's column starts; '-' and empty cells are null. Lines before the first header and
 * notes such as "Consumer group 'g' has no active members." are skipped.
 */
export function parseToolTable(stdout: string, firstHeader: string): Record<string, string | null>[] {
  const rows: Record<string, string | null>[] = [];
  let columns: { name: string; start: number }[] = [];
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    if (line.startsWith(`${firstHeader} `)) {
      // "COORDINATOR (ID)" is one header with a space in it.
      columns = [...line.matchAll(/\S+(?: \(ID\))?/g)].map((match) => ({
        name: match[0],
        start: match.index,
      }));
      continue;
    }
    if (columns.length === 0 || /^\S+ group '.*'/.test(line) || line.startsWith('Consumer group ')) continue;
    const row: Record<string, string | null> = {};
    columns.forEach((column, i) => {
      const end = columns[i + 1]?.start ?? line.length;
      const value = line.slice(column.start, end).trim();
      row[column.name] = value === '' || value === '-' ? null : value;
    });
    rows.push(row);
  }
  return rows;
}
