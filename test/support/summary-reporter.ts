// Ends a test run with one plain line, "N passed, N failed, N skipped", that any CI can read
// (test/run.ts adds up the lanes' lines). A file that fails outside any test (it does not load,
// or its beforeAll throws) counts as a failure, and every skipped test is listed with why.
import type { Reporter, TestCase, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const count = { passed: 0, failed: 0, skipped: 0 };
    const skipped: string[] = [];
    for (const module of testModules) {
      const moduleErrors = module.errors();
      if (moduleErrors.length > 0) count.failed++;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed' || state === 'failed' || state === 'skipped') count[state]++;
        if (state === 'skipped') skipped.push(`${where(test)}: ${reason(test, moduleErrors.length > 0)}`);
      }
    }
    if (skipped.length > 0) process.stdout.write(`\nskipped:\n${skipped.map((s) => `  ${s}\n`).join('')}`);
    process.stdout.write(`\n${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped\n`);
  }
}

function where(test: TestCase): string {
  return `${test.module.moduleId.replace(`${process.cwd()}/`, '')} › ${test.fullName}`;
}

function reason(test: TestCase, moduleFailed: boolean): string {
  const result = test.result();
  if (result.state === 'skipped' && result.note) return result.note;
  if (moduleFailed) return 'not run: its file failed before the test (see the error above)';
  return 'skipped without a reason';
}
