import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

// Built into web/dist, which Fastify serves at / (server/http/static.ts). `npx vite --config
// web/vite.config.ts` serves it with hot reload and sends /api to a Kestrel on :8048.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [svelte({ configFile: false })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // Svelte's compiler is most of the build time by nature; the [PLUGIN_TIMINGS] notice that says
    // so on every build is noise, not something to act on.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8048' } },
});
