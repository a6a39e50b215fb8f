// `npm run demo`: a real 3-node Kafka, sample traffic in every state worth seeing, and Kestrel
// watching it on :8048 (or KESTREL_PORT). Ctrl-C stops everything and leaves no JVM behind.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type KafkaCluster, startCluster } from '../local-kafka/harness.ts';
import { type Service, startService } from '../server/service.ts';
import { createLogger } from '../server/shared/logger.ts';
import { type AlertLog, startAlertLog } from './alert-log.ts';
import { DEMO_CLUSTER, demoConfig } from './config.ts';
import { createDemoDataDir } from './data-dir.ts';
import { DEMO_GROUPS, startWorkload, type Workload } from './workload.ts';

/** A stop that hangs must still end the process; the harness's exit hook then kills the JVMs. */
const STOP_TIMEOUT_MS = 45_000;

const say = (line: string) => process.stdout.write(`${line}\n`);

const running: {
  dataDir?: string;
  alertLog?: AlertLog;
  cluster?: KafkaCluster;
  workload?: Workload;
  service?: Service;
} = {};
let stoppingSince: number | undefined;
/**
 * One Ctrl-C can arrive more than once: the terminal signals the whole process group, and a
 * wrapper (npm, tsx) may pass it on again. Only a later one means "stop waiting".
 */
const SAME_CTRL_C_MS = 2000;

// Registered before the cluster starts, so the harness leaves Ctrl-C to us (see process-guard.ts).
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(signal));
// Whichever way the process ends, the demo's own data goes; the harness's exit hook kills the JVMs.
process.on('exit', () => {
  if (running.dataDir) rmSync(running.dataDir, { recursive: true, force: true });
});

async function stop(reason: string, exitCode = 0): Promise<void> {
  if (stoppingSince !== undefined) {
    // A second Ctrl-C: exit now; the exit hooks still kill every broker JVM and remove the data.
    if (Date.now() - stoppingSince > SAME_CTRL_C_MS) process.exit(130);
    return;
  }
  stoppingSince = Date.now();
  say(`\nstopping (${reason})…`);
  setTimeout(() => {
    console.error(`demo: stopping took over ${STOP_TIMEOUT_MS / 1000} s; exiting anyway`);
    process.exit(1);
  }, STOP_TIMEOUT_MS).unref();
  // In the order that loses nothing: traffic first, Kafka last.
  const steps: [string, () => Promise<void> | undefined][] = [
    ['producers and consumers', () => running.workload?.stop()],
    ['Kestrel', () => running.service?.close()],
    ['alert receiver', () => running.alertLog?.close()],
    ['Kafka', () => running.cluster?.stop()],
  ];
  let failed = false;
  for (const [what, step] of steps) {
    try {
      await step();
    } catch (error) {
      failed = true;
      console.error(`demo: stopping ${what} failed: ${(error as Error).message}`);
    }
  }
  if (running.dataDir) rmSync(running.dataDir, { recursive: true, force: true, maxRetries: 3 });
  say('stopped.');
  process.exit(failed ? 1 : exitCode);
}

async function start(): Promise<void> {
  const dataDir = createDemoDataDir();
  running.dataDir = dataDir;
  running.alertLog = await startAlertLog(join(dataDir, 'alerts.log'), say);

  say('starting a 3-node Kafka cluster (KRaft)…');
  const started = Date.now();
  const cluster = await startCluster({ brokers: 3 });
  running.cluster = cluster;
  say(`Kafka ${cluster.version} up in ${seconds(started)} s`);
  if (stoppingSince !== undefined) return;

  say('creating topics and starting producers and consumers…');
  running.workload = await startWorkload(cluster);
  if (stoppingSince !== undefined) return;

  const { config, file, adminToken } = demoConfig({
    dataDir,
    bootstrap: cluster.bootstrap,
    alertWebhookUrl: running.alertLog.url,
  });
  const service = await startService(config, createLogger(config.logLevel));
  running.service = service;
  if (stoppingSince !== undefined) return;

  say(banner({ url: service.url, file, adminToken, cluster, alertLog: running.alertLog }));
}

function banner(input: {
  url: string;
  file: string;
  adminToken: string;
  cluster: KafkaCluster;
  alertLog: AlertLog;
}): string {
  const groups = Object.entries(DEMO_GROUPS).map(
    ([id, g]) => `    ${id.padEnd(10)} on ${g.topic.padEnd(7)} ${g.shows}`,
  );
  return [
    '',
    'Kestrel demo is running',
    `  Kestrel:      ${input.url}`,
    `  API:          ${input.url}/api/v1/clusters/${DEMO_CLUSTER}/groups   metrics: ${input.url}/metrics`,
    `  Admin token:  ${input.adminToken}`,
    '                (new at every start, shown only here; send it as "Authorization: Bearer <token>")',
    `  Config:       ${input.file}`,
    `  Kafka:        ${input.cluster.bootstrap} (3 brokers, Kafka ${input.cluster.version})`,
    `  Kafka data:   ${input.cluster.dataDir}`,
    `  Alert log:    ${input.alertLog.url} -> ${input.alertLog.file}`,
    '  Consumer groups (the lag states need ~30 s of observations to show):',
    ...groups,
    '',
    'Press Ctrl-C to stop: producers, consumers, Kestrel and Kafka all stop, and the data is removed.',
  ].join('\n');
}

const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1);

start().catch((error: unknown) => {
  console.error(`demo: could not start: ${(error as Error).stack ?? String(error)}`);
  void stop('start failed', 1);
});
