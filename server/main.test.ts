// The `kestrel` command line (main.ts through bin/kestrel.js), run as a process the way operators run it.
import { spawnSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BIN, checkConfig, useConfigFiles } from '../test/support/kestrel-config.ts';

const { tempDir, file } = useConfigFiles();

describe('kestrel check-config', () => {
  it('exits non-zero naming the key and the file', () => {
    const path = file(
      'clusters:\n  - {name: a, brokers: [a:1], sasl: {mechanism: gssapi, username: u, password: p}}\n',
    );
    const result = checkConfig(['--config', path]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('clusters[0].sasl.mechanism');
    expect(result.stderr).toContain(path);
    expect(result.stdout).toBe('');
  });

  it('exits non-zero on an unreadable config file', () => {
    const path = file('port: 1\n');
    chmodSync(path, 0o000);
    // root can read anything; a directory is unreadable as a file for everyone
    const result = checkConfig(['--config', process.getuid?.() === 0 ? tempDir() : path]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('cannot read config file');
  });

  it('exits 2 on an unknown command', () => {
    const result = spawnSync(process.execPath, [BIN, 'frobnicate'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown command');
  });

  it('checks a file given as a plain argument, as it does with --config', () => {
    const path = file('clusters:\n  - {name: a, brokers: [a:1], pollInterval: soon}\n');
    const result = checkConfig([path]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('clusters[0].pollInterval');
    expect(result.stderr).toContain(path);
    const good = checkConfig([file('clusters:\n  - {name: plain-arg, brokers: [a:1]}\n')]);
    expect(good.status).toBe(0);
    expect(good.stdout).toContain('name: plain-arg');
  });

  it.each([[['--confg', 'x.yaml']], [['a.yaml', 'b.yaml']], [['a.yaml', '--config', 'b.yaml']]])(
    'exits 2 with a usage line on %j',
    (args) => {
      const result = checkConfig(args);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('usage: kestrel');
      expect(result.stdout).toBe('');
    },
  );

  it('exits 2 when hash-password is given arguments it does not take', () => {
    const result = spawnSync(process.execPath, [BIN, 'hash-password', 'secret'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unexpected argument');
  });
});
