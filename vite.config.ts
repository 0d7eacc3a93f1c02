import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { cspPlugin } from './scripts/csp-plugin';

export default defineConfig({
  // Relative base: the built page works from any sub-path of a static host.
  base: './',
  plugins: [svelte(), cspPlugin()],
  worker: { format: 'es' },
  build: {
    manifest: true,
    target: 'es2022',
    sourcemap: true,
    // Ferry ships no inline scripts or eval; keep assets as files so a strict CSP (script-src 'self') holds.
    assetsInlineLimit: 0,
  },
  optimizeDeps: {
    // Worker-only dependencies: listed so the dev server does not re-optimise and reload mid-session.
    include: ['comlink', 'papaparse', 'fflate', 'jsep', 'dexie', '@auth0/auth0-spa-js'],
  },
  resolve: process.env.VITEST ? { conditions: ['browser'] } : undefined,
  test: {
    include: [
      'scripts/**/*.test.ts',
      'src/**/*.test.ts',
      'workers/**/*.test.ts',
      'tests/unit/**/*.test.ts',
      'tests/emulator/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 20_000,
  },
});
