// A real Prometheus server (Debian's `prometheus` package) and promtool, for the metrics tests.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { freePort } from '../../local-kafka/ports.ts';
import { eventually } from '../support/kestrel-process.ts';

export const RULES_DIR = resolve(import.meta.dirname, '../../docker/prometheus');

/** Absolute path of an executable on PATH, or undefined. */
export function findBinary(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export const IN_CI = process.env.CI === 'true';

/**
 * A test that needs `name` runs when it is installed; in CI a missing binary is a failure,
 * never a silent skip (.ci/run installs it). Locally it is skipped with a hint.
 */
export function binaryOrSkip(name: string): { path: string | undefined; skip: boolean; skipNote: string } {
  const path = findBinary(name);
  const skip = !path && !IN_CI;
  const why = `${name} is not installed (apt-get install --no-install-recommends prometheus)`;
  if (skip) console.warn(`${why}: skipping`);
  // Appended to the skipped test's title, so the report says why it did not run.
  return { path, skip, skipNote: skip ? ` [skipped: ${why}]` : '' };
}

export function requireBinary(path: string | undefined, name: string): string {
  if (!path) throw new Error(`${name} is not installed; CI must install Debian's prometheus package`);
  return path;
}

export function run(
  file: string,
  args: string[],
  input?: string,
  cwd?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = execFile(file, args, { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

export interface PrometheusServer {
  url: string;
  output(): string;
  /** Instant query through the HTTP API. */
  query(expr: string): Promise<PromSample[]>;
  stop(): Promise<void>;
}

export interface PromSample {
  metric: Record<string, string>;
  value: number;
}

/** Starts Prometheus on a free loopback port with a temp config and data dir, scraping `targets` every second. */
export async function startPrometheus(binary: string, targets: string[]): Promise<PrometheusServer> {
  const dir = mkdtempSync(join(tmpdir(), 'kestrel-prometheus-'));
  const port = await freePort();
  const config = {
    global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
    rule_files: [join(RULES_DIR, 'kestrel-rules.yml')],
    scrape_configs: [{ job_name: 'kestrel', static_configs: [{ targets }] }],
  };
  writeFileSync(join(dir, 'prometheus.yml'), stringify(config));
  const child: ChildProcess = spawn(
    binary,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  // A test that fails half-way must not leave a Prometheus behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const url = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    process.off('exit', killOnExit);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`prometheus exited: ${output}`);
        return (await fetch(`${url}/-/ready`)).ok ? true : undefined;
      },
      60_000,
      'prometheus to be ready',
    );
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    url,
    output: () => output,
    stop,
    query: async (expr) => {
      const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
      const body = (await response.json()) as {
        status: string;
        error?: string;
        data?: { result: { metric: Record<string, string>; value: [number, string] }[] };
      };
      if (body.status !== 'success') throw new Error(`query ${expr} failed: ${body.error}`);
      return body.data!.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
    },
  };
}
