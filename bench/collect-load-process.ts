// bench/collect.ts's side of the load process (bench/collect-load.ts), which creates the topics,
// produces and commits in a process of its own.
import { type ChildProcess, fork } from 'node:child_process';
import type { LoadCommand, LoadReply } from './collect-load.ts';

/** Talks to bench/collect-load.ts in its own process. */
export class LoadProcess {
  private readonly child: ChildProcess;
  private waiting: { resolve(reply: LoadReply): void; reject(error: Error): void } | undefined;

  get pid(): number | undefined {
    return this.child.pid;
  }

  constructor() {
    // tsx's loader flags are in execArgv, which fork passes on: the child runs TypeScript too.
    this.child = fork(new URL('./collect-load.ts', import.meta.url), {
      // Its output goes to stderr: stdout carries only the JSON.
      stdio: ['ignore', 2, 2, 'ipc'],
    });
    this.child.on('message', (reply: LoadReply) => {
      const waiting = this.waiting;
      this.waiting = undefined;
      if (reply.type === 'error') waiting?.reject(new Error(`load process: ${reply.message}`));
      else waiting?.resolve(reply);
    });
    this.child.on('exit', (code) => {
      this.waiting?.reject(new Error(`load process exited (${code})`));
      this.waiting = undefined;
    });
  }

  ask<T extends LoadReply['type']>(
    command: LoadCommand,
    expect: T,
  ): Promise<Extract<LoadReply, { type: T }>> {
    return new Promise((resolve, reject) => {
      this.waiting = {
        resolve: (reply) =>
          reply.type === expect
            ? resolve(reply as Extract<LoadReply, { type: T }>)
            : reject(new Error(`load process answered ${reply.type}, expected ${expect}`)),
        reject,
      };
      this.child.send(command);
    });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    if (this.child.connected) this.child.send({ type: 'close' } satisfies LoadCommand);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
