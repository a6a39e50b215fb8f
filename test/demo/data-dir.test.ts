// The demo's data directory outlives a `kill -9` only until the next demo start.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createDemoDataDir } from '../../demo/data-dir.ts';

const root = mkdtempSync(join(tmpdir(), 'demo-data-dir-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function leftBehind(name: string, ownerPid: number): string {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'owner.pid'), `${ownerPid}\n`);
  writeFileSync(join(dir, 'kestrel.db'), 'history');
  return dir;
}

it('removes the directories of demos that are gone and keeps those of running ones', () => {
  // A pid that surely belongs to no process any more: one that just exited.
  const deadPid = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  }).stdout;
  const abandoned = leftBehind('kestrel-demo-abandoned', Number(deadPid));
  const running = leftBehind('kestrel-demo-running', process.pid);
  const unrelated = join(root, 'something-else');
  mkdirSync(unrelated);

  const created = createDemoDataDir(root);

  expect(existsSync(abandoned)).toBe(false);
  expect(existsSync(running)).toBe(true);
  expect(existsSync(unrelated)).toBe(true);
  expect(created.startsWith(join(root, 'kestrel-demo-'))).toBe(true);
  expect(readFileSync(join(created, 'owner.pid'), 'utf8').trim()).toBe(String(process.pid));
});
