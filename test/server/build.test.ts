// `npm run build` compiles the product only: what dist/ holds is what runs in production (the
// Docker image copies it), so no test, fixture, benchmark or Kafka launcher may end up there.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../server/shared/package-root.ts';
import { useTempDirs } from '../support/temp-dirs.ts';

const run = promisify(execFile);
const tempDir = useTempDirs();

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

describe('the production build', () => {
  let outDir: string;
  let files: string[];

  beforeAll(async () => {
    outDir = tempDir('kestrel-build-');
    // The same compiler run as `npm run build`, into a directory of the test's own.
    await run(process.execPath, [
      join(PACKAGE_ROOT, 'node_modules/typescript/bin/tsc'),
      '-p',
      join(PACKAGE_ROOT, 'tsconfig.build.json'),
      '--outDir',
      outDir,
    ]);
    files = filesUnder(outDir).filter((f) => f.endsWith('.js'));
  }, 180_000);

  it('holds the server and the alerts engine', () => {
    expect(files).toContain('server/main.js');
    expect(files).toContain('alerts/index.js');
  });

  it('holds no test code', () => {
    const testFiles = files.filter(
      (f) => /\.test\.js$|(^|\/)(test|bench|local-kafka|demo|testing)\//.test(f) || /fixture/i.test(f),
    );
    expect(testFiles).toEqual([]);
    const importsTestCode = files.filter((f) =>
      /from ['"](vitest|@testing-library\/[^'"]+|playwright-core|smtp-server)['"]|\/(test|local-kafka)\//.test(
        readFileSync(join(outDir, f), 'utf8'),
      ),
    );
    expect(importsTestCode).toEqual([]);
  });
});
