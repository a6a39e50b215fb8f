// Makes sure no JVM started by the harness outlives the process that started it.
//
// Three layers, because each one misses a case:
//  1. exit and signal hooks in this process kill every tracked JVM (misses SIGKILL);
//  2. a detached watchdog shell per cluster polls this process's pid and, once it is gone,
//     kills every process whose command line carries the cluster's marker (misses a watchdog
//     that was itself killed, e.g. by a container teardown);
//  3. the next harness start reaps cluster directories whose owner is dead.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CLUSTER_DIR_PREFIX = 'kestrel-kafka-';
export const OWNER_PID_FILE = 'owner.pid';

/** JVM argument naming the cluster a process belongs to; the watchdog and reaper match it exactly. */
export function clusterMarker(clusterDir: string): string {
  return `-Dkestrel.cluster=${clusterDir}`;
}

const trackedGroups = new Set<number>();
const trackedDirs = new Map<string, { keepLogs: boolean }>();
let hooksInstalled = false;

/** A detached child is its own process group leader, so killing -pid also gets anything it spawned. */
export function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive but someone else's; treat as alive so we never reap a live owner's cluster.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function trackProcessGroup(pid: number): void {
  installHooks();
  trackedGroups.add(pid);
}

export function untrackProcessGroup(pid: number): void {
  trackedGroups.delete(pid);
}

export function trackClusterDir(dir: string, keepLogs: boolean): void {
  installHooks();
  trackedDirs.set(dir, { keepLogs });
}

export function untrackClusterDir(dir: string): void {
  trackedDirs.delete(dir);
}

function killEverythingNow(): void {
  for (const pid of trackedGroups) killGroup(pid, 'SIGKILL');
  trackedGroups.clear();
  for (const [dir, { keepLogs }] of trackedDirs) {
    if (!keepLogs) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  }
  trackedDirs.clear();
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', killEverythingNow);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      // If the application handles this signal itself (the CLI stops gracefully on Ctrl-C),
      // leave it to that handler; the exit hook still runs when the process ends.
      if (process.listenerCount(signal) > 1) return;
      killEverythingNow();
      // Re-raise with the default action so the exit status still says "killed by signal".
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

const WATCHDOG_SCRIPT = `
owner="$1"; dir="$2"; marker="-Dkestrel.cluster=$2"
while kill -0 "$owner" 2>/dev/null && [ -d "$dir" ]; do sleep 1; done
[ -d "$dir" ] || exit 0
if [ -r /proc/self/cmdline ]; then
  for f in /proc/[0-9]*/cmdline; do
    if tr '\\000' '\\n' < "$f" 2>/dev/null | grep -qxF -e "$marker"; then
      p="\${f#/proc/}"; kill -9 "\${p%/cmdline}" 2>/dev/null
    fi
  done
else
  ps -A -ww -o pid= -o args= | grep -F -e "$marker " | grep -v grep | while read -r p rest; do kill -9 "$p"; done
fi
if [ "$3" = keep ]; then rm -f "$dir/${OWNER_PID_FILE}"; else rm -rf "$dir"; fi
`;

/** Starts the watchdog for one cluster and returns its pid (a process group of its own). */
export function startWatchdog(clusterDir: string, keepLogs: boolean): number {
  const child = spawn(
    'sh',
    [
      '-c',
      WATCHDOG_SCRIPT,
      'kestrel-kafka-watchdog',
      String(process.pid),
      clusterDir,
      keepLogs ? 'keep' : 'remove',
    ],
    { detached: true, stdio: 'ignore' },
  );
  child.unref();
  if (child.pid === undefined) throw new Error('Could not start the Kafka harness watchdog (sh)');
  return child.pid;
}

/** Pids of every process started for a cluster, found by the marker on their command line. */
export function clusterProcesses(clusterDir: string): number[] {
  const marker = clusterMarker(clusterDir);
  const pids: number[] = [];
  if (!existsSync('/proc/self/cmdline')) return pids;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (args.includes(marker)) pids.push(Number(entry));
    } catch {
      // Exited while we looked.
    }
  }
  return pids;
}

/**
 * Kills and removes clusters left behind by harness processes that died without cleaning up
 * (and whose watchdog died with them). Never touches a live owner's cluster.
 */
export function reapAbandonedClusters(root = tmpdir()): void {
  for (const name of readdirSync(root)) {
    if (!name.startsWith(CLUSTER_DIR_PREFIX)) continue;
    const dir = join(root, name);
    const ownerFile = join(dir, OWNER_PID_FILE);
    try {
      if (!statSync(dir).isDirectory() || !existsSync(ownerFile)) continue;
      const owner = Number(readFileSync(ownerFile, 'utf8').trim());
      if (!Number.isInteger(owner) || owner <= 0 || isAlive(owner)) continue;
      for (const pid of clusterProcesses(dir)) killGroup(pid, 'SIGKILL');
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // Another process reaped it first, or it is not ours to read.
    }
  }
}
