import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Newest 4.x release on Maven Central: what tests run against unless told otherwise. */
export const DEFAULT_KAFKA_VERSION = '4.4.0';
/** Last line with ZooKeeper mode; still widely deployed, so Kestrel must keep working with it. */
export const KAFKA_39_VERSION = '3.9.2';

export const PINNED_KAFKA_VERSIONS = [DEFAULT_KAFKA_VERSION, KAFKA_39_VERSION] as const;
export type KafkaVersion = (typeof PINNED_KAFKA_VERSIONS)[number];

/**
 * Maps a loose request (`3.9`, `3.9.1`, `4`, `4.2.0`, empty) to a pinned version, so that
 * `KAFKA_VERSION=3.9` in CI or on a laptop always means the same jars.
 */
export function resolveKafkaVersion(requested: string | undefined = process.env.KAFKA_VERSION): KafkaVersion {
  const wanted = (requested ?? '').trim();
  if (wanted === '' || wanted === '4' || wanted.startsWith('4.')) return DEFAULT_KAFKA_VERSION;
  if (wanted === '3.9' || wanted.startsWith('3.9.')) return KAFKA_39_VERSION;
  throw new Error(
    `Unsupported Kafka version "${wanted}": the harness has jars for ${PINNED_KAFKA_VERSIONS.join(' and ')} ` +
      '(ask for 4.x or 3.9.x)',
  );
}

export function isKafka4(version: KafkaVersion): boolean {
  return version.startsWith('4.');
}

export const KAFKA_LOCAL_DIR = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(KAFKA_LOCAL_DIR, '..');

export interface KafkaJars {
  version: KafkaVersion;
  /** Broker runtime classpath (also ZooKeeper's for 3.9) with one logging binding. */
  libsDir: string;
  /** Kafka's CLI tools with their own runtime classpath; their release may differ (see pom.xml). */
  toolsDir: string;
  /** Prometheus JMX exporter java agent. */
  agentJar: string;
}

export function kafkaCacheDir(version: KafkaVersion): string {
  return join(REPO_ROOT, '.cache', 'kafka', version);
}

/** Written by fetch-jars.ts once a version's jars are all in place. */
export function completeMarker(version: KafkaVersion): string {
  return join(kafkaCacheDir(version), '.complete');
}

export function agentJarPath(version: KafkaVersion): string {
  return join(kafkaCacheDir(version), 'agent', 'jmx_prometheus_javaagent-1.0.1.jar');
}

/** True when fetch-jars.ts finished for this version with the current pom.xml. */
export function jarsAreComplete(version: KafkaVersion): boolean {
  const marker = completeMarker(version);
  return existsSync(marker) && readFileSync(marker, 'utf8') === markerContent(version);
}

/** The jars for a version, or an error that says how to get them. */
export function kafkaJars(version: KafkaVersion): KafkaJars {
  if (!jarsAreComplete(version)) {
    throw new Error(
      `Kafka ${version} jars are missing or stale in ${kafkaCacheDir(version)}: run \`npm run kafka:fetch\``,
    );
  }
  const dir = kafkaCacheDir(version);
  return {
    version,
    libsDir: join(dir, 'libs'),
    toolsDir: join(dir, 'tools'),
    agentJar: agentJarPath(version),
  };
}

/** Ties the marker to the pom.xml it was fetched with, so editing the pom invalidates the cache. */
export function markerContent(version: KafkaVersion): string {
  const pomHash = createHash('sha256')
    .update(readFileSync(join(KAFKA_LOCAL_DIR, 'pom.xml')))
    .digest('hex');
  return `${JSON.stringify({ version, pomHash })}\n`;
}
