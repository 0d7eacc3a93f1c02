#!/usr/bin/env node
// Serves the built app and prints its URL. Options: --port N (default 5173), --host H (default 127.0.0.1),
// --dist DIR (default dist, or FERRY_DIST). Beside the app it starts the local Auth0 tenant emulator (a demo tenant
// to sign in to): --tenant-port N (default 4500, or FERRY_TENANT_PORT; export files on N+1), --tenant-plan P
// (default free), --no-tenant to serve the app alone. With the demo tenant running, the app's config.json is
// answered with presets for it, so a newcomer signs in without configuring anything.
import { preview } from 'vite';
import { describeTenant, launchTenant } from './tenant.mjs';

const arg = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : fallback;
};
const port = Number(arg('--port', process.env.PORT ?? '5173'));
const host = arg('--host', '127.0.0.1');
const outDir = arg('--dist', process.env.FERRY_DIST ?? 'dist');

async function startDemoTenant() {
  const tenantPort = Number(arg('--tenant-port', process.env.FERRY_TENANT_PORT ?? '4500'));
  const plan = arg('--tenant-plan', 'free');
  try {
    const { tenant, demoM2mClientId } = await launchTenant({
      port: tenantPort,
      exportFilesPort: tenantPort + 1,
      host,
      plan,
    });
    console.log(`${describeTenant(tenant, demoM2mClientId)}\n`);
    return tenant;
  } catch (error) {
    // The app works without it (against a real tenant); say why the demo tenant is missing and go on.
    console.warn(
      `The demo tenant could not start on port ${tenantPort} (${error.message}); use --tenant-port N.\n`,
    );
    return null;
  }
}

/** A preview-server plugin answering any …/config.json with presets for the demo tenant. */
function demoConfig(tenant) {
  const body = JSON.stringify({
    '//': 'Served by scripts/serve.mjs for the local demo tenant; a real host serves public/config.json.',
    domain: tenant.url,
    clientId: tenant.clientId,
    audience: tenant.audience,
    plan: 'free',
    allowedTenants: [tenant.url],
    exportDownloadOrigins: [tenant.exportFilesUrl],
  });
  return {
    name: 'ferry-demo-config',
    configurePreviewServer(server) {
      server.middlewares.use((request, response, next) => {
        if (!request.url || !/\/config\.json(\?|$)/.test(request.url)) return next();
        response.setHeader('Content-Type', 'application/json');
        response.setHeader('Cache-Control', 'no-store');
        response.end(body);
      });
    },
  };
}

const tenant = process.argv.includes('--no-tenant') ? null : await startDemoTenant();
const server = await preview({
  build: { outDir },
  preview: { port, host, strictPort: true, open: false },
  plugins: tenant ? [demoConfig(tenant)] : [],
});
const url = server.resolvedUrls?.local[0] ?? `http://${host}:${port}/`;
console.log(`\nFerry is running at ${url}${tenant ? '  (preset to the demo tenant above)' : ''}\n`);
