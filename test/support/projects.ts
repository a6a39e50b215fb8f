// Which test files may run at the same time, on a machine with 2 cores.
//
// A 3-node KRaft cluster is three JVMs; Chromium and a Prometheus server are heavy too. Two of
// those at once (two workers) drove the load average to 14 on 2 cores, and tests that pass on an
// idle machine then timed out. So `npm test` (test/run.ts) runs two lanes side by side, each one
// file at a time: the heavy lane holds the files that start a 3-node cluster, a browser or a
// Prometheus server; the main lane everything else (at most a single-node cluster). At most one
// 3-node cluster and one single node are alive at any moment, by construction.
// test/support/projects.test.ts checks that every file is in the lane its contents call for.

export const HEAVY_FILES = [
  'test/alerts/isr.test.ts',
  'test/api/reassignment.test.ts',
  'test/collector/brokers.test.ts',
  'test/collector/collector.test.ts',
  'test/collector/compat.test.ts',
  'test/collector/group-types.test.ts',
  'test/demo/demo.test.ts',
  'test/kafka/harness.test.ts',
  'test/metrics/prometheus.test.ts',
  'test/protocol/kraft.test.ts',
  'test/web/ui.test.ts',
];

export const INTEGRATION_FILES = 'test/**/*.test.ts';

/** The vitest projects: the tests that need no Kafka, and the two integration lanes. */
export const UNIT_PROJECTS = ['unit', 'web'] as const;
export const LIGHT_PROJECT = 'integration';
export const HEAVY_PROJECT = 'heavy';
