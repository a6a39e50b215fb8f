import { join } from 'node:path';
import { clusterMarker } from './process-guard.ts';
import { isKafka4, KAFKA_LOCAL_DIR, type KafkaJars } from './versions.ts';

export interface JvmOptions {
  jars: KafkaJars;
  /** The broker's jars, or Kafka's CLI tools (a separate classpath). */
  classpath: 'libs' | 'tools';
  /** Every JVM carries its cluster's marker so the watchdog and reaper can find it. */
  clusterDir: string;
  mainClass: string;
  args: string[];
  heap: string;
  logLevel: 'INFO' | 'WARN' | 'ERROR';
  /** Tools log to stderr so their stdout can be parsed. */
  logTo: 'stdout' | 'stderr';
  extraJvmArgs?: string[];
}

/**
 * Flags for many short-lived JVMs on a 2-core machine: the C1 compiler only and the serial GC
 * start faster and leave the cores to the other brokers; throughput does not matter in tests.
 */
const FAST_START_FLAGS = [
  '-XX:+UseSerialGC',
  '-XX:TieredStopAtLevel=1',
  '-XX:-UsePerfData',
  '-Djava.awt.headless=true',
];

function loggingFlags({ jars, logLevel, logTo }: JvmOptions): string[] {
  if (isKafka4(jars.version)) {
    return [
      `-Dkestrel.log.level=${logLevel}`,
      `-Dkestrel.log.target=${logTo === 'stdout' ? 'SYSTEM_OUT' : 'SYSTEM_ERR'}`,
      `-Dlog4j2.configurationFile=${join(KAFKA_LOCAL_DIR, 'config', 'log4j2.xml')}`,
    ];
  }
  return [
    `-Dkestrel.log.level=${logLevel}`,
    `-Dkestrel.log.target=${logTo === 'stdout' ? 'System.out' : 'System.err'}`,
    `-Dlog4j.configuration=file:${join(KAFKA_LOCAL_DIR, 'config', 'log4j.properties')}`,
  ];
}

/** The argv (after `java`) for one harness JVM. */
export function javaArgs(options: JvmOptions): string[] {
  return [
    // First, so `ps` shows it even when it cuts long command lines.
    clusterMarker(options.clusterDir),
    `-Xmx${options.heap}`,
    // A small initial heap: most JVMs here are short-lived tools.
    '-Xms64m',
    ...FAST_START_FLAGS,
    ...loggingFlags(options),
    ...(options.extraJvmArgs ?? []),
    '-cp',
    join(options.classpath === 'libs' ? options.jars.libsDir : options.jars.toolsDir, '*'),
    options.mainClass,
    ...options.args,
  ];
}

export const JAVA = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
