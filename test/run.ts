// `npm test`: the whole suite, as CI runs it. Checks and builds first, one after the other;
// then the tests in two lanes side by side (see test/support/projects.ts for why): the heavy
// lane runs the integration files with 3-node clusters, the browser or Prometheus, one at a
// time; the main lane runs the unit and web tests, then the light integration files one at a
// time. Prints the time of every phase and ends with one line "N passed, N failed, N skipped"
// for the whole run. Arguments are passed to every vitest run (e.g. `npm test -- --bail=1`).
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { HEAVY_PROJECT, LIGHT_PROJECT, UNIT_PROJECTS } from './support/projects.ts';

interface Step {
  name: string;
  command: string[];
}

const CHECKS: Step[] = [
  { name: 'lint', command: ['npm', 'run', '--silent', 'lint'] },
  { name: 'typecheck', command: ['npm', 'run', '--silent', 'typecheck'] },
  { name: 'deps', command: ['npm', 'run', '--silent', 'deps'] },
  { name: 'check:web', command: ['npm', 'run', '--silent', 'check:web'] },
  { name: 'build:web', command: ['npm', 'run', '--silent', 'build:web'] },
  { name: 'kafka:fetch', command: ['npm', 'run', '--silent', 'kafka:fetch'] },
];

const vitest = (projects: readonly string[]) => [
  'npx',
  'vitest',
  'run',
  ...projects.flatMap((p) => ['--project', p]),
  ...process.argv.slice(2),
];

/** Two lanes side by side; the steps of a lane run one after the other. */
const LANES: { prefix: string; steps: Step[] }[] = [
  {
    prefix: '[main]  ',
    steps: [
      { name: 'unit and web tests', command: vitest(UNIT_PROJECTS) },
      { name: 'integration tests, light lane', command: vitest([LIGHT_PROJECT]) },
    ],
  },
  {
    prefix: '[heavy] ',
    steps: [{ name: 'integration tests, heavy lane', command: vitest([HEAVY_PROJECT]) }],
  },
];

interface Outcome {
  step: Step;
  code: number;
  seconds: number;
  counts: { passed: number; failed: number; skipped: number } | undefined;
}

const SUMMARY = /^(\d+) passed, (\d+) failed, (\d+) skipped$/;

/** Runs a step, its output prefixed with `prefix` when lanes share the terminal. */
function run(step: Step, prefix = ''): Promise<Outcome> {
  const started = performance.now();
  const [file, ...args] = step.command as [string, ...string[]];
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  let counts: Outcome['counts'];
  const relay = (stream: NodeJS.ReadableStream, to: NodeJS.WriteStream) =>
    new Promise<void>((done) => {
      const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
      lines.on('line', (line) => {
        const summary = SUMMARY.exec(line.trim());
        if (summary) counts = { passed: +summary[1]!, failed: +summary[2]!, skipped: +summary[3]! };
        else to.write(`${prefix}${line}\n`);
      });
      lines.on('close', done);
    });
  const relayed = Promise.all([relay(child.stdout, process.stdout), relay(child.stderr, process.stderr)]);
  return new Promise((done) => {
    child.on('error', (error) => {
      process.stderr.write(`${prefix}cannot run ${file}: ${error.message}\n`);
    });
    child.on('close', async (code, signal) => {
      await relayed;
      const seconds = (performance.now() - started) / 1000;
      done({ step, code: code ?? (signal ? 128 : 1), seconds, counts });
    });
  });
}

const outcomes: Outcome[] = [];
let failed = false;
for (const step of CHECKS) {
  process.stdout.write(`\n== ${step.name}\n`);
  const outcome = await run(step);
  outcomes.push(outcome);
  if (outcome.code !== 0) {
    failed = true;
    break;
  }
}
if (!failed) {
  process.stdout.write('\n== tests, in two lanes side by side\n');
  const started = performance.now();
  const lanes = await Promise.all(
    LANES.map(async (lane) => {
      const done: Outcome[] = [];
      for (const step of lane.steps) {
        const outcome = await run(step, lane.prefix);
        done.push(outcome);
        if (outcome.code !== 0) break;
      }
      return done;
    }),
  );
  outcomes.push(...lanes.flat());
  failed = lanes.flat().some((o) => o.code !== 0);
  process.stdout.write(`\ntests took ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

process.stdout.write('\nphase times:\n');
for (const o of outcomes) {
  process.stdout.write(`  ${o.step.name.padEnd(52)} ${o.seconds.toFixed(1).padStart(7)} s  exit ${o.code}\n`);
}
const total = { passed: 0, failed: 0, skipped: 0 };
for (const o of outcomes) {
  if (!o.counts) continue;
  total.passed += o.counts.passed;
  total.failed += o.counts.failed;
  total.skipped += o.counts.skipped;
}
if (failed && total.failed === 0)
  process.stdout.write('\na step failed before or outside the tests (see above)\n');
process.stdout.write(`\n${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`);
process.exit(failed ? 1 : 0);
