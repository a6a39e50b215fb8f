import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { hashPasswordCommand } from './auth/hash-password-command.ts';
import { ConfigError, type LoadedConfig, loadConfig, redactConfig } from './config/index.ts';
import type { Service } from './service.ts';
import { createLogger } from './shared/logger.ts';

const USAGE = `usage: kestrel [start] [FILE | --config FILE]
       kestrel check-config [FILE | --config FILE]
       kestrel hash-password < password.txt

  start          run the service (default)
  check-config   validate the configuration and print it with secrets redacted
  hash-password  read a password on stdin and print its hash for auth.viewers

The config file can also be given as KESTREL_CONFIG; environment variables override it.`;

export async function main(argv: string[]): Promise<number> {
  let args: Arguments;
  try {
    args = parse(argv);
  } catch (error) {
    process.stderr.write(`kestrel: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args.command === 'hash-password') {
    return hashPasswordCommand(
      process.stdin,
      (text) => process.stdout.write(text),
      (text) => process.stderr.write(text),
    );
  }

  let loaded: LoadedConfig;
  try {
    loaded = loadConfig({ configPath: args.configPath });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`kestrel: ${error.message}\n`);
    return 1;
  }

  if (args.command === 'check-config') {
    process.stdout.write(`# configuration is valid${loaded.file ? ` (${loaded.file})` : ''}\n`);
    process.stdout.write(stringify(redactConfig(loaded.config), { aliasDuplicateObjects: false }));
    return 0;
  }
  return run(loaded);
}

const COMMANDS = ['start', 'check-config', 'hash-password'] as const;

interface Arguments {
  command: (typeof COMMANDS)[number];
  configPath: string | undefined;
  help: boolean;
}

/**
 * Strict: an unknown flag, command or extra argument is an error, never silently ignored (a
 * file given as a plain argument used to be dropped, and the default config checked instead).
 */
function parse(argv: string[]): Arguments {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command = 'start', file, ...extra] = positionals;
  if (!(COMMANDS as readonly string[]).includes(command)) throw new Error(`unknown command "${command}"`);
  const takesFile = command !== 'hash-password';
  const unexpected = takesFile ? extra : positionals.slice(1);
  if (unexpected.length > 0) throw new Error(`unexpected argument "${unexpected[0]}"`);
  if (!takesFile && values.config !== undefined) throw new Error(`${command} takes no --config`);
  if (file !== undefined && values.config !== undefined) {
    throw new Error(`the config file is given twice ("${file}" and --config "${values.config}")`);
  }
  return {
    command: command as Arguments['command'],
    configPath: file ?? values.config,
    help: values.help === true,
  };
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
