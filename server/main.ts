import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { ConfigError, type LoadedConfig, loadConfig, redactConfig } from './config/index.ts';
import { hashPasswordCommand } from './http/hash-password-command.ts';
import { createLogger } from './logger.ts';
import type { Service } from './service.ts';

const USAGE = `usage: kestrel [start] [--config FILE]
       kestrel check-config [--config FILE]
       kestrel hash-password < password.txt

  start          run the service (default)
  check-config   validate the configuration and print it with secrets redacted
  hash-password  read a password on stdin and print its hash for auth.viewers

The config file can also be given as KESTREL_CONFIG; environment variables override it.`;

export async function main(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (error) {
    process.stderr.write(`kestrel: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const command = args.positionals[0] ?? 'start';
  if (command === 'hash-password') {
    return hashPasswordCommand(
      process.stdin,
      (text) => process.stdout.write(text),
      (text) => process.stderr.write(text),
    );
  }
  if (command !== 'start' && command !== 'check-config') {
    process.stderr.write(`kestrel: unknown command "${command}"\n${USAGE}\n`);
    return 2;
  }

  let loaded: LoadedConfig;
  try {
    loaded = loadConfig({ configPath: args.values.config });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`kestrel: ${error.message}\n`);
    return 1;
  }

  if (command === 'check-config') {
    process.stdout.write(`# configuration is valid${loaded.file ? ` (${loaded.file})` : ''}\n`);
    process.stdout.write(stringify(redactConfig(loaded.config), { aliasDuplicateObjects: false }));
    return 0;
  }
  return run(loaded);
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } },
  });
}

async function run({ config, file }: LoadedConfig): Promise<number> {
  const logger = createLogger(config.logLevel);
  let service: Service;
  try {
    // Loaded here, not at the top: check-config and hash-password need none of the server.
    const { startService } = await import('./service.ts');
    service = await startService(config, logger);
  } catch (error) {
    logger.fatal({ err: error }, 'kestrel could not start');
    return 1;
  }
  logger.info(
    { url: service.url, config: file ?? null, clusters: config.clusters.map((c) => c.name) },
    'kestrel started',
  );

  return new Promise<number>((resolveExit) => {
    const shutdown = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'shutting down');
      // A second signal, or a close that hangs, must still end the process.
      process.once(signal, () => resolveExit(130));
      const force = setTimeout(() => {
        logger.error('shutdown took longer than 15 s; exiting anyway');
        resolveExit(1);
      }, 15_000);
      force.unref();
      service.close().then(
        () => {
          logger.info('stopped');
          resolveExit(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'error while shutting down');
          resolveExit(1);
        },
      );
    };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  });
}

// Run when executed directly (npm start, bin/kestrel.js), not when imported by tests.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`kestrel: ${(error as Error).stack ?? error}\n`);
      process.exit(1);
    },
  );
}
