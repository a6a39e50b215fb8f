// `npm run demo` as a newcomer runs it: a child process with a real 3-node Kafka. Kestrel must
// show every demo group in its intended state within 60 s, post a real lag alert to the demo's
// alert log, and Ctrl-C must leave nothing behind.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_RECEIVER, DEMO_RULES } from '../../demo/config.ts';
import { freePort } from '../../local-kafka/ports.ts';
import { clusterProcesses } from '../../local-kafka/process-guard.ts';
import { eventually } from '../support/kestrel-process.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const STARTUP_TIMEOUT_MS = 180_000;
const STATES_TIMEOUT_MS = 60_000;
/** The demo rules fire after `for: 10s`, and the group waits 2 s: well within this. */
const ALERT_TIMEOUT_MS = 60_000;

interface GroupRow {
  id: string;
  state: string;
  status: string;
  members: number;
  lag: number | null;
}
interface LoggedAlert {
  status: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}
/** A line of the demo's alert log: an Alertmanager webhook payload (version 4) from Kestrel. */
interface LoggedNotification {
  receivedAt: string;
  body: { version?: string; receiver?: string; alerts?: LoggedAlert[] };
}
interface GroupDetail {
  state: string;
  members: unknown[];
  partitions: { status: string; committedOffset: number | null }[];
}

let child: ChildProcess | undefined;
let output = '';

afterAll(() => {
  // A failed test must not leave the demo running; the harness's watchdog then kills its JVMs,
  // and the next demo start removes the demo's data directory.
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe('npm run demo', () => {
  it('shows a healthy, a lagging, a stalled and an Empty group, alerts on them, and stops cleanly on Ctrl-C', async () => {
    // The command `npm run demo` ends with, after fetching the Kafka jars and building the UI.
    const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(scripts.demo).toMatch(/^npm run kafka:fetch && .*&& node --import tsx demo\/main\.ts$/);
    const port = await freePort();
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith('KESTREL_')),
    );
    child = spawn(process.execPath, ['--import', 'tsx', 'demo/main.ts'], {
      cwd: ROOT,
      env: { ...env, KESTREL_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so Ctrl-C can be sent the way a terminal sends it: to the group.
      detached: true,
    });
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const exited = new Promise<{ code: number | null; signal: string | null }>((done) =>
      child?.once('exit', (code, signal) => done({ code, signal })),
    );

    await eventually(
      async () => {
        if (child?.exitCode !== null) throw new Error(`the demo exited early:\n${output}`);
        return output.includes('Press Ctrl-C to stop') ? true : undefined;
      },
      STARTUP_TIMEOUT_MS,
      'the demo to start',
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${output}`);
    });
    const banner = (label: string) => {
      const match = new RegExp(`^\\s+${label}:\\s+(\\S+)`, 'm').exec(output);
      if (!match) throw new Error(`no "${label}:" line in the demo output:\n${output}`);
      return match[1]!;
    };
    const url = banner('Kestrel');
    const kafkaDir = banner('Kafka data');
    const configFile = banner('Config');
    const token = banner('Admin token');
    expect(url).toBe(`http://127.0.0.1:${port}`);
    expect(clusterProcesses(kafkaDir)).toHaveLength(3);

    // A random admin token, shown once and written nowhere.
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(output.split(token)).toHaveLength(2);

    const kestrelStarted = Date.now();
    let firstLaggingLag: number | undefined;
    const groups = await eventually(
      async () => {
        const rows = await getJson<{ items: GroupRow[] }>(`${url}/api/v1/clusters/demo/groups`);
        const byId = new Map(rows.items.map((g) => [g.id, g]));
        const analytics = byId.get('analytics');
        if (analytics?.lag != null) firstLaggingLag ??= analytics.lag;
        const ready =
          byId.get('billing')?.status === 'OK' &&
          analytics?.status === 'WARN' &&
          (analytics.lag ?? 0) > (firstLaggingLag ?? Number.POSITIVE_INFINITY) &&
          byId.get('audit')?.status === 'ERR' &&
          byId.get('reports')?.state === 'Empty' &&
          byId.get('reports')?.status === 'ERR';
        return ready ? byId : undefined;
      },
      STATES_TIMEOUT_MS,
      'the demo groups to reach their states',
    );
    const waited = Date.now() - kestrelStarted;
    expect(waited).toBeLessThan(STATES_TIMEOUT_MS);

    expect(groups.get('billing')).toMatchObject({ state: 'Stable', members: 1 });
    expect(groups.get('analytics')).toMatchObject({ state: 'Stable', members: 1 });
    const detail = (id: string) => getJson<GroupDetail>(`${url}/api/v1/clusters/demo/groups/${id}`);
    // Stalled: a live member owns the partitions, but the commits do not move.
    const audit = await detail('audit');
    expect(audit.state).toBe('Stable');
    expect(audit.members).toHaveLength(1);
    expect(audit.partitions.map((p) => p.status)).toContain('STALL');
    // Empty with old commits: nobody owns the partitions any more.
    const reports = await detail('reports');
    expect(reports.members).toHaveLength(0);
    expect(reports.partitions.every((p) => p.committedOffset !== null && p.committedOffset > 0)).toBe(true);
    expect(reports.partitions.map((p) => p.status)).toContain('STOP');
    expect((await detail('analytics')).partitions.map((p) => p.status)).toContain('WARN');

    // Kestrel itself notifies the demo's alert log: a lagging or stalled group fires one of the
    // demo's quick rules, posted by the webhook channel (not a test-send, not posted by this test).
    const [, alertUrl, alertLog] = /^\s+Alert log:\s+(\S+) -> (\S+)/m.exec(output) ?? [];
    expect(alertUrl, `no alert log in the banner:\n${output}`).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    const demoRules: string[] = DEMO_RULES.map((r) => r.name);
    const alerted = await eventually(
      async () => {
        const lines = existsSync(alertLog!) ? readFileSync(alertLog!, 'utf8').split('\n') : [];
        for (const line of lines.filter(Boolean)) {
          const { body } = JSON.parse(line) as LoggedNotification;
          if (body.version !== '4' || body.receiver !== DEMO_RECEIVER) continue;
          const alert = body.alerts?.find(
            (a) =>
              a.status === 'firing' &&
              demoRules.includes(a.labels.alertname ?? '') &&
              ['analytics', 'audit'].includes(a.labels.group ?? ''),
          );
          if (alert) return alert;
        }
        return undefined;
      },
      ALERT_TIMEOUT_MS,
      'a lag alert from Kestrel in the demo alert log',
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${output}`);
    });
    const alertedAfter = Date.now() - kestrelStarted;
    expect(alerted.labels.cluster).toBe('demo');
    expect(alerted.annotations.summary).toContain(`Group ${alerted.labels.group} `);
    // The receiver printed it, and Kestrel lists the same alert as firing.
    const { alertname, group } = alerted.labels;
    await eventually(
      async () =>
        output
          .split('\n')
          .some(
            (l) =>
              l.startsWith('[alert] ') && l.includes(`FIRING ${alertname} `) && l.includes(`group=${group} `),
          )
          ? true
          : undefined,
      5000,
      'the alert to be printed',
    );
    const firing = await getJson<{ items: { labels: Record<string, string> }[] }>(
      `${url}/api/v1/alerts?state=firing`,
    );
    expect(firing.items.some((a) => a.labels.alertname === alertname && a.labels.group === group)).toBe(true);

    const stopStarted = Date.now();
    process.kill(-child.pid!, 'SIGINT');
    const exit = await Promise.race([
      exited,
      new Promise<undefined>((done) => setTimeout(() => done(undefined), 60_000)),
    ]);
    expect(exit, `the demo did not stop within 60 s:\n${output}`).toEqual({ code: 0, signal: null });
    console.log(
      `demo: groups in their states ${(waited / 1000).toFixed(1)} s after Kestrel started, a lag alert in the log after ${(alertedAfter / 1000).toFixed(1)} s; stopped in ${((Date.now() - stopStarted) / 1000).toFixed(1)} s`,
    );
    expect(output).toContain('stopped.');
    expect(clusterProcesses(kafkaDir)).toEqual([]);
    expect(existsSync(kafkaDir)).toBe(false);
    expect(existsSync(configFile)).toBe(false);
  }, 360_000);
});

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}
