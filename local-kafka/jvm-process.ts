import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { JAVA } from './jvm.ts';
import { killGroup, trackProcessGroup, untrackProcessGroup } from './process-guard.ts';

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * One long-running JVM (broker or ZooKeeper) whose output goes straight to a log file.
 * The file descriptor is handed to the JVM, so nothing is piped through this process and the
 * JVM never blocks or dies on a closed pipe when this process goes away.
 */
export class JvmProcess {
  readonly pid: number;
  readonly exited: Promise<ExitStatus>;
  private exitStatus: ExitStatus | undefined;
  private readonly child: ChildProcess;

  constructor(
    args: string[],
    readonly logFile: string,
    pidFile: string,
  ) {
    const fd = openSync(logFile, 'a');
    try {
      // Detached: its own process group, out of reach of a terminal's Ctrl-C (the harness
      // decides when it dies) and killable as a group.
      this.child = spawn(JAVA, args, { detached: true, stdio: ['ignore', fd, fd] });
    } finally {
      closeSync(fd);
    }
    const pid = this.child.pid;
    if (pid === undefined) throw new Error(`Could not start ${JAVA}; is Java 17+ installed?`);
    this.pid = pid;
    trackProcessGroup(pid);
    writeFileSync(pidFile, `${pid}\n`);
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exitStatus = { code, signal };
        untrackProcessGroup(pid);
        rmSync(pidFile, { force: true });
        resolve(this.exitStatus);
      });
    });
    // A test that forgets stop() must not keep the test process alive; the exit hooks and
    // the watchdog still kill the JVM.
    this.child.unref();
  }

  get hasExited(): boolean {
    return this.exitStatus !== undefined;
  }

  signal(signal: NodeJS.Signals): void {
    if (!this.hasExited) killGroup(this.pid, signal);
  }

  /** Waits for the exit, keeping the event loop alive meanwhile (the child itself is unref'd). */
  async waitForExit(timeoutMs: number): Promise<ExitStatus | undefined> {
    const keepAlive = setInterval(() => {}, 1000);
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.exited,
        new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), timeoutMs);
        }),
      ]);
    } finally {
      clearInterval(keepAlive);
      clearTimeout(timer);
    }
  }

  /** SIGSTOP, resolving once the kernel reports the JVM stopped (signals arrive asynchronously). */
  async pause(): Promise<void> {
    this.signal('SIGSTOP');
    await waitForProcessState(this.pid, (state) => state === 'T');
  }

  async resume(): Promise<void> {
    this.signal('SIGCONT');
    await waitForProcessState(this.pid, (state) => state !== 'T');
  }

  async kill(): Promise<void> {
    this.signal('SIGKILL');
    if ((await this.waitForExit(15_000)) === undefined) {
      throw new Error(`JVM ${this.pid} did not exit within 15 s of SIGKILL`);
    }
  }
}

/** Linux process state letter (R, S, T, Z…); undefined without /proc or once the process is gone. */
export function processState(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
  } catch {
    return undefined;
  }
}

async function waitForProcessState(pid: number, wanted: (state: string) => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const state = processState(pid);
    // Without /proc (macOS) there is nothing to wait on.
    if (state === undefined || wanted(state)) return;
    if (Date.now() > deadline) throw new Error(`Process ${pid} still in state ${state} after 5 s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The last lines of a log file, for error messages that should explain themselves. */
export function tailOfFile(path: string, lines = 40): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log file)';
  }
}

export interface ToolResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a short-lived JVM (storage format, CLI tool) to completion. It is tracked like a broker,
 * so an interrupted test does not leave it behind either.
 */
export function runJvmToCompletion(args: string[], timeoutMs: number): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(JAVA, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const pid = child.pid;
    if (pid === undefined) {
      reject(new Error(`Could not start ${JAVA}; is Java 17+ installed?`));
      return;
    }
    trackProcessGroup(pid);
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      stderr += `\n(killed after ${timeoutMs / 1000} s)`;
      killGroup(pid, 'SIGKILL');
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      untrackProcessGroup(pid);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      untrackProcessGroup(pid);
      resolve({ code, stdout, stderr });
    });
  });
}

/** SIGKILLs every JVM still running and waits for all of them; rejects with the first that would not exit. */
export async function killAll(jvms: readonly (JvmProcess | undefined)[]): Promise<void> {
  const running = jvms.filter((jvm): jvm is JvmProcess => jvm !== undefined && !jvm.hasExited);
  const kills = await Promise.allSettled(running.map((jvm) => jvm.kill()));
  const stuck = kills.find((kill): kill is PromiseRejectedResult => kill.status === 'rejected');
  if (stuck) throw stuck.reason;
}
