#!/usr/bin/env node
// Runs the local Auth0 tenant emulator (tests/emulator) on its own and prints its URLs.
//   node scripts/tenant.mjs [--port 4500] [--files-port PORT+1] [--host 127.0.0.1] [--plan free|essentials|
//     professional|enterprise|off] [--users 10000] [--seed 1] [--origin http://127.0.0.1:5173 ...]
//     [--spa-scopes admin|current_user-only] [--no-export-cors] [--hide-rate-limit-headers]
//     [--pending-ms 300] [--processing-ms 700] [--link-ttl-ms 60000]
// Also imported by scripts/serve.mjs, which starts it beside the app.
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

/** Starts the emulator (TypeScript, loaded through tsx) with options named like startTenant's. */
export async function launchTenant(options) {
  const { startTenant, demoM2mClientId } = await tsImport('../tests/emulator/index.ts', import.meta.url);
  const tenant = await startTenant(options);
  return { tenant, demoM2mClientId };
}

/** Options from command-line flags (unknown flags are refused, so a typo does not go unnoticed). */
export function tenantOptionsFromArgs(argv) {
  const options = { timing: {}, switches: {} };
  const origins = [];
  const number = (raw, flag) => {
    const n = Number(raw);
    if (!Number.isFinite(n)) throw new Error(`${flag} needs a number, got ${raw}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => argv[++i];
    if (flag === '--port') options.port = number(value(), flag);
    else if (flag === '--files-port') options.exportFilesPort = number(value(), flag);
    else if (flag === '--host') options.host = value();
    else if (flag === '--plan') options.plan = value();
    else if (flag === '--users') options.userCount = number(value(), flag);
    else if (flag === '--seed') options.seed = number(value(), flag);
    else if (flag === '--origin') origins.push(value());
    else if (flag === '--spa-scopes') options.switches.spaScopes = value();
    else if (flag === '--no-export-cors') options.switches.exportFilesCors = false;
    else if (flag === '--hide-rate-limit-headers') options.switches.exposeRateLimitHeaders = false;
    else if (flag === '--pending-ms') options.timing.pendingMs = number(value(), flag);
    else if (flag === '--processing-ms') options.timing.processingMs = number(value(), flag);
    else if (flag === '--link-ttl-ms') options.timing.exportLinkTtlMs = number(value(), flag);
    else throw new Error(`Unknown option ${flag}. See the comment at the top of scripts/tenant.mjs.`);
  }
  if (origins.length) options.allowedOrigins = origins;
  return options;
}

/** The lines a person needs to point Ferry (or curl) at the emulator. */
export function describeTenant(tenant, demoM2mClientId) {
  return [
    `Demo Auth0 tenant (local emulator) at ${tenant.url}`,
    `  Sign in with domain ${tenant.url} and client ID ${tenant.clientId} (one click, demo admin).`,
    `  Management API audience ${tenant.audience}; export files from ${tenant.exportFilesUrl}.`,
    `  A pasteable token: curl -s -X POST ${tenant.url}/__admin/token`,
    `  Machine-to-machine client for the CLI: ${demoM2mClientId} / ferry-demo-backend-secret`,
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const options = { port: 4500, ...tenantOptionsFromArgs(process.argv.slice(2)) };
  options.exportFilesPort ??= options.port === 0 ? 0 : options.port + 1;
  const { tenant, demoM2mClientId } = await launchTenant(options);
  console.log(`\n${describeTenant(tenant, demoM2mClientId)}\n`);
  const stop = () => tenant.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
