import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { type KafkaConfig, type LogEntry, logLevel, type SASLOptions } from 'kafkajs';
import type { ClusterConfig } from '../config/index.ts';
import type { Logger } from '../shared/logger.ts';

/** kafkajs client options for one configured cluster. */
export function kafkaOptions(cluster: ClusterConfig, logger: Logger): KafkaConfig {
  return {
    clientId: cluster.clientId,
    brokers: cluster.brokers,
    connectionTimeout: Math.min(cluster.requestTimeout, 5000),
    authenticationTimeout: cluster.requestTimeout,
    requestTimeout: cluster.requestTimeout,
    // The poll loop is the retry: a failed cycle is reported and the next one tries again,
    // instead of one cycle hiding minutes of kafkajs back-off.
    retry: { retries: 1, initialRetryTime: 200, maxRetryTime: 1000 },
    ssl: tlsOptions(cluster),
    sasl: saslOptions(cluster),
    // kafkajs logs every failed connection attempt as an error; the poll loop reports an
    // outage once when it starts and once when it ends, so kafkajs' own lines go to debug.
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => {
      const { message, timestamp: _t, logger: _l, ...extra } = entry.log;
      logger.debug({ kafkajs: entry.namespace, ...extra }, message);
    },
  };
}

function saslOptions(cluster: ClusterConfig): SASLOptions | undefined {
  const sasl = cluster.sasl;
  if (!sasl) return undefined;
  return { mechanism: sasl.mechanism, username: sasl.username, password: sasl.password } as SASLOptions;
}

function tlsOptions(cluster: ClusterConfig): ConnectionOptions | boolean | undefined {
  const tls = cluster.tls;
  if (!tls?.enabled) return undefined;
  return {
    ca: tls.caFile ? [readFileSync(tls.caFile, 'utf8')] : undefined,
    cert: tls.certFile ? readFileSync(tls.certFile, 'utf8') : undefined,
    key: tls.keyFile ? readFileSync(tls.keyFile, 'utf8') : undefined,
    passphrase: tls.keyPassword,
    servername: tls.servername,
    rejectUnauthorized: !tls.insecureSkipVerify,
  };
}
