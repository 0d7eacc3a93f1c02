import { defineConfig } from '@playwright/test';

const chromium = process.env.FERRY_CHROMIUM ?? '/usr/bin/chromium';
const port = Number(process.env.FERRY_E2E_PORT ?? 4317);
// The local Auth0 tenant emulator (tests/emulator) for sign-in and API specs; export files are served on tenantPort + 1.
const tenantPort = Number(process.env.FERRY_TENANT_PORT ?? port + 200);
process.env.FERRY_TENANT_URL = `http://127.0.0.1:${tenantPort}`;

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    browserName: 'chromium',
    launchOptions: {
      executablePath: chromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
    trace: 'retain-on-failure',
    // The offline spec turns the service worker on; elsewhere it would hide requests from page.route().
    serviceWorkers: 'block',
    // No transitions mid-test: axe measures contrast on settled colours (the app honours reduced motion).
    reducedMotion: 'reduce',
  },
  webServer: [
    {
      // FERRY_DIST lets several checkouts or builds be tested side by side.
      command: `node scripts/serve.mjs --port ${port} --dist ${process.env.FERRY_DIST ?? 'dist'} --no-tenant`,
      url: `http://127.0.0.1:${port}/`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    {
      // Specs reach it at process.env.FERRY_TENANT_URL and reset it with POST /__admin/reset.
      command: `node scripts/tenant.mjs --port ${tenantPort}`,
      url: `http://127.0.0.1:${tenantPort}/.well-known/openid-configuration`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
  ],
});
