// The lanes of test/support/projects.ts hold by construction only if every file is in the
// lane its contents call for: this reads each integration test file and checks.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../local-kafka/versions.ts';
import { HEAVY_FILES } from './projects.ts';

/**
 * What makes a file heavy: a 3-node cluster (or one whose size is not a literal 1), Chromium,
 * a Prometheus server, or the demo (3 nodes).
 */
const HEAVY_SIGNS = [
  /brokers:\s*3\b/,
  /startCluster\(\{\s*brokers\s*[,}]/,
  /\bopenBrowser\(/,
  /\bstartPrometheus\(/,
  /demo\/main\.ts/,
];

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.ts') ? [relative(REPO_ROOT, path)] : [];
  });
}

describe('test lanes', () => {
  const files = testFiles(join(REPO_ROOT, 'test'));

  it('puts every file that starts a 3-node cluster, a browser or Prometheus in the heavy lane', () => {
    const heavy = files.filter((file) => {
      const source = readFileSync(join(REPO_ROOT, file), 'utf8');
      return HEAVY_SIGNS.some((sign) => sign.test(source));
    });
    expect([...HEAVY_FILES].sort()).toEqual(heavy.sort());
  });
});
