// `npm run kafka:fetch`: puts the jars of every pinned Kafka version into .cache/kafka/<version>/.
// Fast and silent when the cache is already complete, so CI and `npm test` can always call it.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  agentJarPath,
  completeMarker,
  jarsAreComplete,
  KAFKA_LOCAL_DIR,
  type KafkaVersion,
  kafkaCacheDir,
  markerContent,
  PINNED_KAFKA_VERSIONS,
} from './versions.ts';

/** Each set is its own Maven run: one dependency closure per classpath (see pom.xml). */
const JAR_SETS = ['libs', 'tools'] as const;

function fetchVersion(version: KafkaVersion): void {
  rmSync(completeMarker(version), { force: true });
  const started = Date.now();
  console.log(`kafka:fetch: fetching Kafka ${version} jars with Maven…`);
  for (const jarSet of JAR_SETS) {
    // A half-finished or outdated copy could mix jars of two dependency sets: start over.
    rmSync(join(kafkaCacheDir(version), jarSet), { recursive: true, force: true });
    runMaven(version, jarSet);
  }
  assertComplete(version);
  writeFileSync(completeMarker(version), markerContent(version));
  console.log(`kafka:fetch: Kafka ${version} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function runMaven(version: KafkaVersion, jarSet: (typeof JAR_SETS)[number]): void {
  const result = spawnSync(
    'mvn',
    [
      '-B',
      '-q',
      '-Dstyle.color=never',
      '-f',
      join(KAFKA_LOCAL_DIR, 'pom.xml'),
      `-Dkafka.version=${version}`,
      `-Djars.set=${jarSet}`,
      `-Dkafka.cache.dir=${kafkaCacheDir(version)}`,
      'process-resources',
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (result.error) {
    throw new Error(`kafka:fetch: cannot run mvn (is Maven installed?): ${result.error.message}`);
  }
  if (result.status !== 0) {
    throw new Error(
      `kafka:fetch: mvn failed for Kafka ${version} (${jarSet}):\n${result.stdout}${result.stderr}`,
    );
  }
}

/** Refuses to mark a cache complete that would fail later with a confusing ClassNotFoundException. */
function assertComplete(version: KafkaVersion): void {
  const listing = (set: string): string[] => {
    const dir = join(kafkaCacheDir(version), set);
    return existsSync(dir) ? readdirSync(dir) : [];
  };
  const libs = listing('libs');
  const missing = [`kafka_2.13-${version}.jar`, `kafka-clients-${version}.jar`].filter(
    (jar) => !libs.includes(jar),
  );
  if (!listing('tools').some((jar) => /^kafka-tools-\d/.test(jar))) missing.push('tools/kafka-tools-*.jar');
  if (!existsSync(agentJarPath(version))) missing.push(agentJarPath(version));
  if (missing.length > 0) {
    throw new Error(`kafka:fetch: Kafka ${version} is incomplete, missing ${missing.join(', ')}`);
  }
}

for (const version of PINNED_KAFKA_VERSIONS) {
  if (!jarsAreComplete(version)) fetchVersion(version);
}
