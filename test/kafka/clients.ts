// Kafka's own clients against a harness cluster: console consumers of every group protocol
// (kafkajs speaks only the classic one) and the Java producer, so tests can compare Kestrel
// with what Kafka's clients do and print. The admin CLI tools are in tools.ts.
import { join } from 'node:path';
import { javaArgs } from '../../local-kafka/jvm.ts';
import { JvmProcess } from '../../local-kafka/jvm-process.ts';
import { kafkaJars } from '../../local-kafka/versions.ts';
import { runKafkaTool, type ToolCluster } from './tools.ts';

/** Kafka's console clients: the only way to get members of the new consumer and share protocols here. */
export const CLIENT_MAIN_CLASSES = {
  consoleConsumer: 'org.apache.kafka.tools.consumer.ConsoleConsumer',
  consoleShareConsumer: 'org.apache.kafka.tools.consumer.ConsoleShareConsumer',
} as const;

export interface ConsoleConsumerOptions {
  topic: string;
  group: string;
  /** `consumer` is KIP-848's protocol; `share` runs kafka-console-share-consumer instead. */
  protocol: 'classic' | 'consumer' | 'share';
  /** Consumer properties, e.g. `{ 'enable.auto.commit': 'false' }`. */
  properties?: Record<string, string>;
}

function consoleConsumerArgs(
  cluster: ToolCluster,
  options: ConsoleConsumerOptions,
  extra: string[],
): string[] {
  const properties: Record<string, string> =
    options.protocol === 'share'
      ? { ...options.properties }
      : { 'group.protocol': options.protocol, 'auto.commit.interval.ms': '500', ...options.properties };
  return [
    '--bootstrap-server',
    cluster.bootstrap,
    '--topic',
    options.topic,
    '--group',
    options.group,
    ...(options.protocol === 'share' ? [] : ['--from-beginning']),
    ...Object.entries(properties).flatMap(([key, value]) => ['--consumer-property', `${key}=${value}`]),
    ...extra,
  ];
}

/**
 * kafka-console-consumer until it has read `messages` messages; it then leaves the group and
 * commits on close, so the group is Empty with its offsets.
 */
export async function consumeAndLeave(
  cluster: ToolCluster,
  options: ConsoleConsumerOptions & { messages: number },
): Promise<void> {
  await runKafkaTool(
    cluster,
    CLIENT_MAIN_CLASSES.consoleConsumer,
    consoleConsumerArgs(cluster, options, ['--max-messages', String(options.messages)]),
  );
}

export interface BackgroundConsumer {
  readonly logFile: string;
  /** SIGKILLs the JVM and waits for it to exit; idempotent. */
  stop(): Promise<void>;
}

let backgroundSeq = 0;

/**
 * A console (or share) consumer that runs until stopped, as a child JVM tracked like a broker:
 * the harness's exit hooks and watchdog kill it with the cluster if a test forgets to.
 */
export function startConsoleConsumer(
  cluster: ToolCluster,
  options: ConsoleConsumerOptions,
): BackgroundConsumer {
  const name = `consumer-${process.pid}-${++backgroundSeq}-${options.group}`;
  const logFile = join(cluster.dataDir, `${name}.log`);
  const jvm = new JvmProcess(
    javaArgs({
      jars: kafkaJars(cluster.version),
      classpath: 'tools',
      clusterDir: cluster.dataDir,
      mainClass:
        options.protocol === 'share'
          ? CLIENT_MAIN_CLASSES.consoleShareConsumer
          : CLIENT_MAIN_CLASSES.consoleConsumer,
      args: consoleConsumerArgs(cluster, options, []),
      heap: '128m',
      logLevel: 'WARN',
      logTo: 'stderr',
    }),
    logFile,
    join(cluster.dataDir, `${name}.pid`),
  );
  return { logFile, stop: () => jvm.kill() };
}

// ---- records, read and written by Kafka's own clients ----

/** kafka-producer-perf-test.sh; in the kafka-tools jar in 3.9.x and 4.x. */
const PRODUCER_PERFORMANCE = 'org.apache.kafka.tools.ProducerPerformance';

/**
 * kafka-console-consumer.sh, printing partition, offset, headers and key before each value, e.g.
 * `['--topic', 't', '--partition', '0', '--offset', 'earliest', '--timeout-ms', '5000']`. It ends
 * after --max-messages or once --timeout-ms passes without a record (which is not an error).
 */
export async function kafkaConsoleConsumer(cluster: ToolCluster, args: string[]): Promise<ConsoleRecord[]> {
  const stdout = await runKafkaTool(cluster, CLIENT_MAIN_CLASSES.consoleConsumer, [
    '--bootstrap-server',
    cluster.bootstrap,
    ...['print.partition', 'print.offset', 'print.headers', 'print.key'].flatMap((p) => [
      '--property',
      `${p}=true`,
    ]),
    ...args,
  ]).catch((error: Error) => {
    // Before 4.x the tool exits with 1 when --timeout-ms ends it; its records are still printed.
    const printed = /--- stdout ---\n([\s\S]*?)\n--- stderr ---/.exec(error.message)?.[1];
    if (printed !== undefined && /TimeoutException/.test(error.message)) return printed;
    throw error;
  });
  return parseConsoleRecords(stdout);
}

/** One line of the console consumer with print.partition, print.offset, print.headers and print.key. */
export interface ConsoleRecord {
  partition: number;
  offset: number;
  /** `k1:v1,k2:v2`, or `NO_HEADERS` */
  headers: string;
  /** `null` for a null key, as the tool prints it. */
  key: string;
  value: string;
}

/** Values and keys must hold no tab or newline for this to split them right. */
export function parseConsoleRecords(stdout: string): ConsoleRecord[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('Partition:'))
    .map((line) => {
      const [partition = '', offset = '', headers = '', key = '', ...value] = line.split('\t');
      return {
        partition: Number(partition.replace('Partition:', '')),
        offset: Number(offset.replace('Offset:', '')),
        headers,
        key,
        value: value.join('\t'),
      };
    });
}

/**
 * kafka-producer-perf-test.sh: `records` records whose values are lines of `payloadFile` (picked
 * at random), written by Kafka's Java producer with the given properties (compression.type...).
 */
export function kafkaProducerPerformance(
  cluster: ToolCluster,
  options: { topic: string; records: number; payloadFile: string; producerProps: Record<string, string> },
): Promise<string> {
  return runKafkaTool(cluster, PRODUCER_PERFORMANCE, [
    '--topic',
    options.topic,
    '--num-records',
    String(options.records),
    '--payload-file',
    options.payloadFile,
    '--throughput',
    '-1',
    '--producer-props',
    `bootstrap.servers=${cluster.bootstrap}`,
    ...Object.entries(options.producerProps).map(([k, v]) => `${k}=${v}`),
  ]);
}
