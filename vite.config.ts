import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { cspPlugin } from './scripts/csp-plugin.ts';

export default defineConfig({
  // Relative base: the built page works from any sub-path of a static host.
  base: './',
  plugins: [
    svelte(),
    cspPlugin(),
    // Offline: after one visit the app shell, workers and sample file are cached, so Convert & check works with the
    // network off. config.json is fetched network-first so a host's change of presets is seen when online.
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: 'script',
      manifest: {
        name: 'Ferry: Auth0 user import and export',
        short_name: 'Ferry',
        description: 'Check, convert, import and export Auth0 users in your browser.',
        theme_color: '#1f4e79',
        background_color: '#ffffff',
        display: 'standalone',
        start_url: './',
        scope: './',
        icons: [{ src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' }],
      },
      workbox: {
        // Every chunk is precached, workers and lazily loaded screens included (all live in assets/*.js).
        globPatterns: ['**/*.{js,css,html,svg,json}'],
        // Workbox skips files over 2 MiB by default, silently: a grown worker would then be missing offline.
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        globIgnores: ['config.json'],
        navigateFallback: 'index.html',
        runtimeCaching: [{ urlPattern: /\/config\.json$/, handler: 'NetworkFirst' }],
        cleanupOutdatedCaches: true,
      },
    }),
  ],
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
      'tests/bench/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 20_000,
    // Node 20 has ArrayBuffer.prototype.transfer behind a flag (Chromium and Node 22 have it on): on, so the tests
    // run the code that gives buffers back (src/core/release-buffer.ts) as the browser does.
    execArgv: 'transfer' in ArrayBuffer.prototype ? [] : ['--harmony-rab-gsab-transfer'],
  },
});
