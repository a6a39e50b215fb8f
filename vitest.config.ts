import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';

// Three projects: fast pure-logic tests next to the code they test, the web UI's component
// tests (Svelte in jsdom), and integration tests under test/ that start real Kafka brokers
// (slow, so fewer at a time on 2 cores).
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
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 240_000,
          maxWorkers: 2,
          // Run after the unit tests, as its own group (it has its own worker limit).
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
