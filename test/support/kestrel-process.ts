// Runs the real Kestrel service as a child process (bin/kestrel.js), the way operators run it.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { freePort } from '../../local-kafka/ports.ts';

const BIN = resolve(import.meta.dirname, '../../bin/kestrel.js');

export interface KestrelProcess {
  url: string;
  dataDir: string;
  /** Everything the process wrote so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code once the process ended. */
  exited: Promise<number | null>;
  child: ChildProcess;
  /** SIGTERM, then wait for the exit (SIGKILL after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<number | null>;
}

export interface StartKestrelOptions {
  /** The YAML config (as an object); port and dataDir are filled in when absent. */
  config: Record<string, unknown>;
  env?: Record<string, string>;
  dataDir?: string;
  /** The script node runs; bin/kestrel.js (the sources, through tsx) unless given. */
  entry?: string;
  /** An executable run instead of node (a launcher such as bin/kestrel-server). */
  command?: string;
  /** The working directory; this repository unless given. */
  cwd?: string;
}

const ownDataDirs = new Set<string>();

/**
 * Removes the data dirs startKestrel made. Vitest ends its workers without an 'exit' event, so
 * the integration projects run this after each test file (kestrel-data-cleanup.ts).
 */
export function removeOwnDataDirs(): void {
  for (const dir of ownDataDirs) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  ownDataDirs.clear();
}
process.once('exit', removeOwnDataDirs);

export async function startKestrel(options: StartKestrelOptions): Promise<KestrelProcess> {
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'kestrel-data-'));
  const port = (options.config.port as number | undefined) ?? (await freePort());
  const configDir = mkdtempSync(join(tmpdir(), 'kestrel-config-'));
  const configFile = join(configDir, 'kestrel.yaml');
  writeFileSync(configFile, stringify({ host: '127.0.0.1', dataDir, ...options.config, port }));
  const [file, ...args] = options.command ? [options.command] : [process.execPath, options.entry ?? BIN];
  const child = spawn(file!, [...args, '--config', configFile], {
    env: { PATH: process.env.PATH, ...options.env },
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  // The config is read at start and needed no longer than the process lives.
  void exited.then(() => rmSync(configDir, { recursive: true, force: true }));
  // The data dir outlives stop(): a test may restart Kestrel on it or read its database. It
  // goes after the test file (or with a bench's process), unless the test passed its own.
  if (ownDataDir) ownDataDirs.add(dataDir);
  // A test that fails half-way must not leave a service behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));

  const stop = async (timeoutMs = 20_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  return { url: `http://127.0.0.1:${port}`, dataDir, output: () => output, exited, child, stop };
}

/** Polls `check` until it returns a value (not undefined) or the time is up. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${lastError}` : ''}`);
}

export async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
