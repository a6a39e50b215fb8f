#!/usr/bin/env node
// `npm start`'s prestart: compiles the server into dist/ when dist/server/main.js is missing or
// older than any source it is built from, so `npm start` always runs the compiled server with
// plain node, and a start after no change costs a directory walk instead of a 30 s compile.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = ['server', 'alerts', 'package.json', 'tsconfig.json', 'tsconfig.build.json'];

function newest(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const name of readdirSync(path)) latest = Math.max(latest, newest(join(path, name)));
  return latest;
}

const built = statSync(join(root, 'dist/server/main.js'), { throwIfNoEntry: false })?.mtimeMs ?? 0;
const changed = Math.max(...SOURCES.map((source) => newest(join(root, source))));
if (built < changed) {
  process.stderr.write('kestrel: compiling the server into dist/ (npm run build)\n');
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  process.exit(result.status ?? 1);
}
