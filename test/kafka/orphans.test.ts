// No JVM may outlive the process that started it, however that process ends.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { pollUntil } from '../../local-kafka/client.ts';
import {
  CLUSTER_DIR_PREFIX,
  clusterMarker,
  clusterProcesses,
  OWNER_PID_FILE,
  reapAbandonedClusters,
} from '../../local-kafka/process-guard.ts';
import { REPO_ROOT } from '../../local-kafka/versions.ts';

/** Running, as opposed to gone or a zombie waiting for a parent (or init) to reap it. */
function isRunning(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

interface Owner {
  child: ChildProcess;
  dataDir: string;
  pids: number[];
}

/** Starts a separate process that owns a 1-node cluster, and waits until the cluster is up. */
function startOwner(): Promise<Owner> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(REPO_ROOT, 'test', 'kafka', 'fixtures', 'cluster-owner.ts')],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      const { dataDir, pids } = JSON.parse(line) as { dataDir: string; pids: number[] };
      resolve({ child, dataDir, pids });
    });
    child.once('exit', (code) =>
      reject(new Error(`cluster owner exited (${code}) before its cluster was up`)),
    );
  });
}

const leftovers = (dataDir: string, pids: number[]) => ({
  runningJvms: pids.filter(isRunning),
  markedProcesses: clusterProcesses(dataDir),
  dataDirExists: existsSync(dataDir),
});

describe('orphan protection', () => {
  it.each(['SIGKILL', 'SIGTERM'] as const)(
    'leaves no JVM and no data behind when the owner gets %s',
    async (signal) => {
      const { child, dataDir, pids } = await startOwner();
      expect(pids.length).toBe(1);
      expect(pids.every(isRunning)).toBe(true);
      expect(clusterProcesses(dataDir)).toEqual(pids);

      child.kill(signal);
      const after = await pollUntil(
        async () => leftovers(dataDir, pids),
        (state) =>
          state.runningJvms.length === 0 && state.markedProcesses.length === 0 && !state.dataDirExists,
        10_000,
        200,
      );
      expect(after.value).toEqual({ runningJvms: [], markedProcesses: [], dataDirExists: false });
    },
  );

  it('reaps a cluster whose owner and watchdog are both gone, and spares a live owner’s', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kestrel-reaper-test-'));
    try {
      const abandoned = join(root, `${CLUSTER_DIR_PREFIX}abandoned`);
      const owned = join(root, `${CLUSTER_DIR_PREFIX}owned`);
      mkdirSync(abandoned);
      mkdirSync(owned);
      const deadPid = spawnSync('true').pid!;
      writeFileSync(join(abandoned, OWNER_PID_FILE), `${deadPid}\n`);
      writeFileSync(join(owned, OWNER_PID_FILE), `${process.pid}\n`);
      // Stand-ins for JVMs: any process carrying a cluster's marker argument.
      const stray = spawn(
        process.execPath,
        ['-e', 'setInterval(() => {}, 1000)', '--', clusterMarker(abandoned)],
        {
          detached: true,
          stdio: 'ignore',
        },
      );
      const kept = spawn(
        process.execPath,
        ['-e', 'setInterval(() => {}, 1000)', '--', clusterMarker(owned)],
        {
          detached: true,
          stdio: 'ignore',
        },
      );
      try {
        await pollUntil(
          async () => clusterProcesses(abandoned).length + clusterProcesses(owned).length,
          (n) => n === 2,
          5000,
          100,
        );
        reapAbandonedClusters(root);
        const reaped = await pollUntil(
          async () => isRunning(stray.pid!),
          (running) => !running,
          5000,
          100,
        );
        expect(reaped.ok).toBe(true);
        expect(existsSync(abandoned)).toBe(false);
        expect(isRunning(kept.pid!)).toBe(true);
        expect(existsSync(owned)).toBe(true);
      } finally {
        stray.kill('SIGKILL');
        kept.kill('SIGKILL');
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
