// Helpers of the config tests: config files in temp folders, the ConfigError a load throws,
// and `kestrel check-config` run as a process, the way operators run it.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import { ConfigError } from '../../server/config/index.ts';
import { useTempDirs } from './temp-dirs.ts';

/** The `kestrel` command as npm installs it (the sources, through tsx). */
export const BIN = resolve(import.meta.dirname, '../../bin/kestrel.js');

/**
 * Call at the top of a test file: `tempDir()` makes a folder, `file(content)` writes a config
 * file into a new one; all of them go after the file's last test (useTempDirs).
 */
export function useConfigFiles(): {
  tempDir: () => string;
  file: (content: string, name?: string) => string;
} {
  const tempDirs = useTempDirs();
  function tempDir(): string {
    return tempDirs('kestrel-config-');
  }

  function file(content: string, name = 'kestrel.yaml'): string {
    const path = join(tempDir(), name);
    writeFileSync(path, content);
    return path;
  }
  return { tempDir, file };
}

/** The message of the ConfigError `fn` throws; fails the test if it throws none or another error. */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

/** `kestrel check-config` with only PATH and `env` in its environment. */
export function checkConfig(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [BIN, 'check-config', ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, ...env },
  });
}
