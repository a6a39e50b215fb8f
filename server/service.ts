import { resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { Collector } from './collector/index.ts';
import type { Config } from './config/index.ts';
import { buildApp } from './http/index.ts';
import type { Logger } from './logger.ts';
import { openDatabase } from './store/index.ts';

export interface Service {
  app: FastifyInstance;
  collector: Collector;
  db: Database;
  /** Base URL the HTTP server listens on. */
  url: string;
  close(): Promise<void>;
}

/** Migrations, then the HTTP server, then the poll loops. Throws if any of them cannot start. */
export async function startService(config: Config, logger: Logger): Promise<Service> {
  const dataDir = resolve(config.dataDir);
  const db = openDatabase(dataDir);
  logger.info({ dataDir }, 'database ready');
  const collector = new Collector(config, logger);
  const app = await buildApp({ logger, migrated: () => true, clusterStatus: () => collector.status() });
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    db.close();
    throw error;
  }
  collector.start();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await app.close(); // stop taking requests first
      await collector.stop(); // let a running cycle finish and its writes commit
      db.close();
    })();
    return closing;
  };
  return { app, collector, db, url: `http://${host}:${port}`, close };
}
