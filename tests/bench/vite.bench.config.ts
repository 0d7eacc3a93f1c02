/**
 * Builds the bench page (tests/bench/page) with the app's real bridge and worker into its own folder, so the
 * production bundle in dist/ is untouched. Used by run.ts; `npx vite build -c tests/bench/vite.bench.config.ts` works too.
 */
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

/** Where the built bench page goes; FERRY_BENCH_DIST overrides it. */
export const benchDist = process.env.FERRY_BENCH_DIST ?? '/tmp/ferry-bench-dist';

export default defineConfig({
  root: fileURLToPath(new URL('./page', import.meta.url)),
  base: './',
  // The bridge may pull in rune modules; the plugin compiles them as the app's build does.
  plugins: [svelte()],
  worker: { format: 'es' },
  logLevel: 'warn',
  build: {
    outDir: benchDist,
    emptyOutDir: true,
    target: 'es2022',
    // Production-like: minified, no source maps, the same target as the app.
    sourcemap: false,
    assetsInlineLimit: 0,
  },
});
