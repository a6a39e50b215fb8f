// The demo's temporary data directory: removed on every exit, and, after a `kill -9` that left
// no chance to, by the next demo start (the pid file says whether its owner still runs).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAlive } from '../local-kafka/process-guard.ts';

const PREFIX = 'kestrel-demo-';
const OWNER_FILE = 'owner.pid';

export function createDemoDataDir(root = tmpdir()): string {
  removeAbandoned(root);
  const dir = mkdtempSync(join(root, PREFIX));
  writeFileSync(join(dir, OWNER_FILE), `${process.pid}\n`);
  return dir;
}

function removeAbandoned(root: string): void {
  for (const name of readdirSync(root)) {
    if (!name.startsWith(PREFIX)) continue;
    const ownerFile = join(root, name, OWNER_FILE);
    try {
      if (!existsSync(ownerFile)) continue;
      const owner = Number(readFileSync(ownerFile, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && !isAlive(owner))
        rmSync(join(root, name), { recursive: true, force: true });
    } catch {
      // Removed by another demo, or not ours to read.
    }
  }
}
