// A cluster's directory under tmpdir: created with its owner pid and watchdog, released on stop.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CLUSTER_DIR_PREFIX,
  killGroup,
  OWNER_PID_FILE,
  startWatchdog,
  trackClusterDir,
  untrackClusterDir,
} from './process-guard.ts';

export interface ClusterDir {
  readonly dataDir: string;
  readonly keepLogs: boolean;
  readonly watchdogPid: number;
}

/** Creates the directory, records this process as its owner and starts its watchdog. */
export function createClusterDir(): ClusterDir {
  const dataDir = mkdtempSync(join(tmpdir(), CLUSTER_DIR_PREFIX));
  writeFileSync(join(dataDir, OWNER_PID_FILE), `${process.pid}\n`);
  const keepLogs = Boolean(process.env.KAFKA_HARNESS_KEEP_LOGS);
  trackClusterDir(dataDir, keepLogs);
  const watchdogPid = startWatchdog(dataDir, keepLogs);
  return { dataDir, keepLogs, watchdogPid };
}

/** For a cluster that never started a JVM: stops the watchdog and removes everything. */
export function discardClusterDir(dir: ClusterDir): void {
  killGroup(dir.watchdogPid, 'SIGKILL');
  untrackClusterDir(dir.dataDir);
  rmSync(dir.dataDir, { recursive: true, force: true });
}

/**
 * Once every JVM has exited: stops the watchdog and removes the directory, or with
 * KAFKA_HARNESS_KEEP_LOGS only the data, keeping configs and logs.
 */
export function releaseClusterDir(dir: ClusterDir, brokerDirs: readonly string[]): void {
  killGroup(dir.watchdogPid, 'SIGKILL');
  untrackClusterDir(dir.dataDir);
  if (dir.keepLogs) {
    for (const brokerDir of brokerDirs) rmSync(join(brokerDir, 'data'), { recursive: true, force: true });
    rmSync(join(dir.dataDir, 'zookeeper', 'data'), { recursive: true, force: true });
    rmSync(join(dir.dataDir, OWNER_PID_FILE), { force: true });
    console.error(`Kafka harness: logs kept in ${dir.dataDir}`);
  } else {
    rmSync(dir.dataDir, { recursive: true, force: true, maxRetries: 3 });
  }
}
