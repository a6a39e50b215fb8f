// Vitest globalSetup for the unit and web tests: they run with a temp folder of their own, and
// the run fails if anything is left in it. A private folder rather than a before/after listing
// of the system's, which other processes on the machine write to meanwhile.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Shared {
  dir: string;
  previous: string | undefined;
  users: number;
}
// Both projects run this setup in the one main process (each may load its own copy of this
// module): they share one folder, checked when the last of them is done.
const KEY = Symbol.for('kestrel.test.tempDir');
const registry = globalThis as unknown as Record<symbol, Shared | undefined>;

export default function setup(): () => void {
  let shared = registry[KEY];
  if (!shared) {
    const previous = process.env.TMPDIR;
    shared = { dir: mkdtempSync(join(tmpdir(), 'kestrel-unit-tmp-')), previous, users: 0 };
    registry[KEY] = shared;
    // os.tmpdir() reads TMPDIR; the test workers start after this and inherit it.
    process.env.TMPDIR = shared.dir;
  }
  shared.users++;
  const mine = shared;
  return () => {
    if (--mine.users > 0) return;
    registry[KEY] = undefined;
    // tsx keeps its compile cache there (tsx-<uid>): the tool's, not something a test made.
    const left = readdirSync(mine.dir).filter((name) => !/^tsx-\d+$/.test(name));
    rmSync(mine.dir, { recursive: true, force: true, maxRetries: 3 });
    if (mine.previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = mine.previous;
    if (left.length > 0) {
      // A throw here is only logged by Vitest; the exit code is what CI sees.
      process.exitCode = 1;
      throw new Error(`tests left ${left.length} entries in the temp folder: ${left.sort().join(', ')}`);
    }
  };
}
