import type { MiddlewareHandler } from 'hono';
import { auth0Error } from './http-errors';
import type { TenantContext, TenantEnv, TenantRequest } from './context';

const isAdmin = (path: string) => path.startsWith('/__admin');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Matcher {
  path?: string;
  method?: string;
}
const matches = (m: Matcher, method: string, path: string) =>
  (!m.path || path.includes(m.path)) && (!m.method || m.method.toUpperCase() === method);

/** Counts every non-admin request, in total and per "METHOD /path". */
export function countRequests(ctx: TenantContext): MiddlewareHandler<TenantEnv> {
  return async (c, next) => {
    if (!isAdmin(c.req.path) && c.req.method !== 'OPTIONS') {
      const counters = ctx.state.counters;
      counters.requests++;
      const route = `${c.req.method} ${c.req.path}`;
      counters.byRoute[route] = (counters.byRoute[route] ?? 0) + 1;
    }
    await next();
  };
}

/** Injected latency, failures and dropped connections (admin requests and preflights are never faulted). */
export function injectFaults(ctx: TenantContext): MiddlewareHandler<TenantEnv> {
  return async (c, next) => {
    const faults = ctx.state.faults;
    const { method, path } = c.req;
    if (isAdmin(path) || method === 'OPTIONS') return next();
    if (faults.latencyMs && (!faults.latencyPath || path.includes(faults.latencyPath)))
      await sleep(faults.latencyMs);
    const drop = faults.dropNext;
    if (drop && drop.count > 0 && matches(drop, method, path)) {
      drop.count--;
      c.env.incoming.socket.destroy();
      return new Response(null, { status: 500 });
    }
    const fail = faults.failNext;
    if (fail && fail.count > 0 && matches(fail, method, path)) {
      fail.count--;
      return auth0Error(
        c,
        fail.status,
        fail.status === 503 ? 'Service Unavailable' : 'Internal Server Error',
      );
    }
    return next();
  };
}

/** The plan's token buckets; x-ratelimit-* headers on every answer, 429 when the bucket is empty. */
export function rateLimit(ctx: TenantContext): MiddlewareHandler<TenantEnv> {
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return next();
    const decision = ctx.limiter.take(c.req.method, c.req.path);
    if (!decision) return next();
    const setHeaders = (headers: Headers) => {
      headers.set('x-ratelimit-limit', String(decision.limit));
      headers.set('x-ratelimit-remaining', String(decision.remaining));
      headers.set('x-ratelimit-reset', String(decision.reset));
    };
    if (!decision.allowed) {
      ctx.state.counters.rateLimited++;
      const refused = auth0Error(c, 429, 'Global limit has been reached', 'too_many_requests');
      setHeaders(refused.headers);
      return refused;
    }
    await next();
    setHeaders(c.res.headers);
  };
}

/** Bearer token check (401 with Auth0's messages); the token's scopes go to `c.get('scopes')`. */
export function requireToken(ctx: TenantContext): MiddlewareHandler<TenantEnv> {
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return next();
    const header = c.req.header('authorization');
    if (!header) return auth0Error(c, 401, 'Missing authentication');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) return auth0Error(c, 401, 'Bad HTTP authentication header format');
    const check = await ctx.issuer.checkAccessToken(match[1]);
    if (!check.ok) return auth0Error(c, 401, check.message);
    c.set('scopes', check.scopes);
    return next();
  };
}

/** 403 unless the token carries one of `scopes`; returns the refusal, or undefined when allowed. */
export function missingScope(c: TenantRequest, ...scopes: string[]): Response | undefined {
  const held = c.get('scopes');
  if (scopes.some((s) => held.has(s))) return undefined;
  return auth0Error(
    c,
    403,
    `Insufficient scope; expected any of: ${scopes.join(',')}.`,
    'insufficient_scope',
  );
}
