#!/usr/bin/env node
// Runs the local Auth0 tenant emulator (tests/emulator) on its own and prints its URLs; `--help` lists the flags.
// Also imported by scripts/serve.mjs, which starts it beside the app.
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

export const usage = `Usage: node scripts/tenant.mjs [options]

Runs the local Auth0 tenant emulator (see tests/emulator/README.md) until Ctrl+C.

  --port N                 Management API and sign-in port (default 4500; 0 = any free port)
  --files-port N           port of the export-file origin (default port + 1)
  --host H                 address to bind (default 127.0.0.1)
  --plan P                 rate limits: free (default), essentials, professional, enterprise, off
  --users N                demo users to generate (default 10000)
  --seed N                 seed of the demo data (default 1)
  --origin URL             a page origin allowed by CORS; repeat for several
                           (default: any http://127.0.0.1:* and http://localhost:* page)
  --spa-scopes S           scopes of a PKCE sign-in: admin (default) or current_user-only (as Auth0 does)
  --no-export-cors         export files without CORS headers
  --hide-rate-limit-headers  do not expose x-ratelimit-* to pages
  --pending-ms N           time a job stays pending (default 300)
  --processing-ms N        time a job stays processing (default 700)
  --link-ttl-ms N          lifetime of an export download link (default 60000)
  --retention-ms N         job data removed after this (default 86400000, 24 h)
  --search-timeout-ms N    a user search answers 503 past this (default 2000)
  --slow-search-ms N       every user search takes this long (default 0; at the timeout or more: 503)
  -h, --help               show this help

More faults, switches and a token for curl: the admin API at /__admin (tests/emulator/README.md).`;

const plans = ['free', 'essentials', 'professional', 'enterprise', 'off'];
const spaScopes = ['admin', 'current_user-only'];

/** Starts the emulator (TypeScript, loaded through tsx) with options named like startTenant's. */
export async function launchTenant(options) {
  const { startTenant, demoM2mClientId } = await tsImport('../tests/emulator/index.ts', import.meta.url);
  const tenant = await startTenant(options);
  return { tenant, demoM2mClientId };
}

/** Options from command-line flags (unknown flags are refused, so a typo does not go unnoticed). */
export function tenantOptionsFromArgs(argv) {
  const options = { timing: {}, switches: {}, faults: {} };
  const origins = [];
  const number = (raw, flag) => {
    const n = Number(raw);
    if (!Number.isFinite(n)) throw new Error(`${flag} needs a number, got ${raw}`);
    return n;
  };
  const oneOf = (raw, flag, allowed) => {
    if (!allowed.includes(raw)) throw new Error(`${flag} must be one of ${allowed.join(', ')}, got ${raw}`);
    return raw;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      if (i + 1 >= argv.length || argv[i + 1].startsWith('--')) throw new Error(`${flag} needs a value`);
      return argv[++i];
    };
    if (flag === '--port') options.port = number(value(), flag);
    else if (flag === '--files-port') options.exportFilesPort = number(value(), flag);
    else if (flag === '--host') options.host = value();
    else if (flag === '--plan') options.plan = oneOf(value(), flag, plans);
    else if (flag === '--users') options.userCount = number(value(), flag);
    else if (flag === '--seed') options.seed = number(value(), flag);
    else if (flag === '--origin') origins.push(value());
    else if (flag === '--spa-scopes') options.switches.spaScopes = oneOf(value(), flag, spaScopes);
    else if (flag === '--no-export-cors') options.switches.exportFilesCors = false;
    else if (flag === '--hide-rate-limit-headers') options.switches.exposeRateLimitHeaders = false;
    else if (flag === '--pending-ms') options.timing.pendingMs = number(value(), flag);
    else if (flag === '--processing-ms') options.timing.processingMs = number(value(), flag);
    else if (flag === '--link-ttl-ms') options.timing.exportLinkTtlMs = number(value(), flag);
    else if (flag === '--retention-ms') options.timing.retentionMs = number(value(), flag);
    else if (flag === '--search-timeout-ms') options.timing.searchTimeoutMs = number(value(), flag);
    else if (flag === '--slow-search-ms') options.faults.slowSearchMs = number(value(), flag);
    else throw new Error(`Unknown option ${flag}`);
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

/** The options to start with, or an exit: usage on --help (code 0), or the problem and usage on bad flags (2). */
function optionsOrExit(argv) {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(usage);
    process.exit(0);
  }
  try {
    return tenantOptionsFromArgs(argv);
  } catch (error) {
    console.error(`${error.message}. Run node scripts/tenant.mjs --help for the options.`);
    process.exit(2);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const options = { port: 4500, ...optionsOrExit(process.argv.slice(2)) };
  options.exportFilesPort ??= options.port === 0 ? 0 : options.port + 1;
  const { tenant, demoM2mClientId } = await launchTenant(options);
  console.log(`\n${describeTenant(tenant, demoM2mClientId)}\n`);
  const stop = () => tenant.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
