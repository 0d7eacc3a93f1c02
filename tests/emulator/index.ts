/**
 * The local Auth0 tenant emulator: real HTTP servers that answer like Auth0 on every point Ferry relies on
 * (sign-in, Management API v2 users/connections/jobs, rate limits, CORS, export files on a separate origin) plus
 * an admin API (`/__admin/...`) to inject faults and read counters. See tests/emulator/README.md.
 */
import { randomBytes } from 'node:crypto';
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { buildApiServer } from './api-server';
import { buildFilesServer } from './files-server';
import { RateLimiter } from './rate-limit';
import { TenantState } from './state';
import { demoClientId } from './seed';
import { TokenIssuer, type MintOptions } from './tokens';
import { maxHeaderBytes } from './url-limit';
import type { TenantContext } from './context';
import type { TenantOptions } from './types';

export type * from './types';
export type { MintOptions } from './tokens';
export { adminScopes, currentUserScopes } from './tokens';
export { demoAdmin, demoClientId, demoM2mClientId } from './seed';
export type { TenantState } from './state';

export interface RunningTenant {
  /** Management API and sign-in origin, e.g. http://127.0.0.1:4500 (the auth0-spa-js `domain`). */
  url: string;
  /** The separate origin that serves export files. */
  exportFilesUrl: string;
  /** `${url}/api/v2/`: the audience of Management API tokens. */
  audience: string;
  /** The demo SPA's client id. */
  clientId: string;
  /** Direct access for tests: users, connections, jobs, counters, faults, switches, timing, plan. */
  state: TenantState;
  /** A Management API token, as if pasted from the API Explorer. */
  mintToken(options?: MintOptions): Promise<string>;
  close(): Promise<void>;
}

function listen(fetchHandler: Parameters<typeof serve>[0]['fetch'], port: number, host: string) {
  return new Promise<{ server: ServerType; port: number }>((resolve, reject) => {
    const server = serve(
      { fetch: fetchHandler, port, hostname: host, serverOptions: { maxHeaderSize: maxHeaderBytes } },
      (info: AddressInfo) => resolve({ server, port: info.port }),
    );
    server.once('error', reject);
  });
}

function closeServer(server: ServerType): Promise<void> {
  return new Promise((resolve) => {
    if ('closeAllConnections' in server) server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** Starts the tenant (both origins) and resolves once it is listening. */
export async function startTenant(options: TenantOptions = {}): Promise<RunningTenant> {
  const host = options.host ?? '127.0.0.1';
  const state = new TenantState(options);
  let url = '';
  let filesUrl = '';
  const ctx: TenantContext = {
    state,
    issuer: await TokenIssuer.create(() => url),
    limiter: new RateLimiter(() => state.plan),
    url: () => url,
    exportFilesUrl: () => filesUrl,
    origins: options.allowedOrigins ?? 'loopback',
    timers: new Set(),
    linkKey: randomBytes(32),
  };
  const files = await listen(buildFilesServer(ctx).fetch, options.exportFilesPort ?? 0, host);
  filesUrl = `http://${host}:${files.port}`;
  const api = await listen(buildApiServer(ctx).fetch, options.port ?? 0, host).catch(
    async (error: unknown) => {
      await closeServer(files.server);
      throw error;
    },
  );
  url = `http://${host}:${api.port}`;
  return {
    url,
    exportFilesUrl: filesUrl,
    audience: ctx.issuer.audience,
    clientId: demoClientId,
    state,
    mintToken: (mint) => ctx.issuer.mintAccessToken(mint),
    close: async () => {
      for (const timer of ctx.timers) clearTimeout(timer);
      ctx.timers.clear();
      await Promise.all([closeServer(api.server), closeServer(files.server)]);
    },
  };
}
