import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';
import { HEAVY_FILES, HEAVY_PROJECT, INTEGRATION_FILES, LIGHT_PROJECT } from './test/support/projects.ts';

// Pure-logic tests next to the code they test, the web UI's component tests (Svelte in jsdom),
// and the integration tests under test/ that start real Kafka brokers, one file at a time.
// `npm test` runs the heavy integration files in a lane of their own beside the rest
// (test/run.ts, test/support/projects.ts); a plain `vitest run` runs them one after the other.
const integration = {
  testTimeout: 180_000,
  hookTimeout: 240_000,
  maxWorkers: 1,
  sequence: { groupOrder: 1 },
  setupFiles: ['./test/support/kestrel-data-cleanup.ts'],
};

export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['server/**/*.test.ts', 'alerts/**/*.test.ts'],
          // Every test removes the temp folders it makes: checked, not hoped for.
          globalSetup: ['./test/support/temp-dir-check.ts'],
        },
      },
      {
        plugins: [svelte({ configFile: false }), svelteTesting()],
        test: {
          name: 'web',
          include: ['web/**/*.test.ts'],
          environment: 'jsdom',
          globalSetup: ['./test/support/temp-dir-check.ts'],
        },
      },
      {
        test: { name: HEAVY_PROJECT, include: HEAVY_FILES, ...integration },
      },
      {
        test: { name: LIGHT_PROJECT, include: [INTEGRATION_FILES], exclude: HEAVY_FILES, ...integration },
      },
    ],
  },
});
