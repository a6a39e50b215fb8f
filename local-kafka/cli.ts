// `npm run kafka -- up --brokers 3 [--version 3.9] [--mode zookeeper] [--jmx]`
// A real Kafka cluster for trying Kestrel by hand; stays up until Ctrl-C, then stops cleanly.
import { parseArgs } from 'node:util';
import { type KafkaCluster, startCluster } from './harness.ts';

const USAGE = `usage: npm run kafka -- up [--brokers 1|3] [--version 4|3.9] [--mode kraft|zookeeper] [--jmx]
             [--config key=value ...]`;

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    brokers: { type: 'string', default: '1' },
    version: { type: 'string' },
    mode: { type: 'string', default: 'kraft' },
    jmx: { type: 'boolean', default: false },
    config: { type: 'string', multiple: true, default: [] },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (positionals[0] !== 'up' || positionals.length !== 1) fail('expected the command `up`');
const brokers = Number(values.brokers);
if (brokers !== 1 && brokers !== 3) fail('--brokers must be 1 or 3');
if (values.mode !== 'kraft' && values.mode !== 'zookeeper') fail('--mode must be kraft or zookeeper');
const brokerConfig: Record<string, string> = {};
for (const entry of values.config) {
  const at = entry.indexOf('=');
  if (at <= 0) fail(`--config expects key=value, got "${entry}"`);
  brokerConfig[entry.slice(0, at)] = entry.slice(at + 1);
}

let cluster: KafkaCluster | undefined;
let stopping = false;
// Registered before the cluster starts, so the harness leaves Ctrl-C to us (see process-guard.ts).
const onSignal = (): void => {
  // Still starting, or a second Ctrl-C: exiting runs the harness's exit hook, which kills the JVMs.
  if (cluster === undefined || stopping) process.exit(130);
  stopping = true;
  console.log('\nstopping…');
  cluster.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const started = Date.now();
console.log(`starting ${brokers} broker(s), ${values.mode}${values.jmx ? ', with JMX exporter' : ''}…`);
cluster = await startCluster({
  brokers,
  version: values.version,
  mode: values.mode,
  jmx: values.jmx,
  brokerConfig,
});
console.log(
  `Kafka ${cluster.version} (${cluster.mode}) up in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
console.log(`bootstrap servers: ${cluster.bootstrap}`);
for (const broker of cluster.brokers) {
  const jmx = broker.jmxUrl ? `  metrics ${broker.jmxUrl}` : '';
  console.log(
    `  broker ${broker.id}: 127.0.0.1:${broker.port}  pid ${broker.pid}${jmx}  log ${broker.logFile}`,
  );
}
console.log(`data: ${cluster.dataDir}\nCtrl-C to stop.`);
// Nothing else keeps the event loop alive: the broker JVMs are deliberately unref'd.
setInterval(() => {}, 1 << 30);
