import type { MiddlewareHandler } from 'hono';
import type { TenantEnv } from './context';

/**
 * Longest request target (path and query, in bytes) the tenant accepts. Auth0 answers 414 to a search whose query
 * string is too long (auth0-facts section 4) without saying where the limit is: 8 KiB, a common proxy default, is a
 * guess (README, "Where it guesses").
 */
export const maxRequestTargetBytes = 8192;

/** The Node server must read request lines this long to answer 414 itself (Node's default refuses at 16 KiB). */
export const maxHeaderBytes = 64 * 1024;

/**
 * 414 for a too-long URL, as an edge proxy answers it: plain HTML, before routing, CORS and rate limiting, and for
 * preflights too. A browser therefore sees the refused preflight as a failed fetch, not as a 414.
 */
export function refuseLongUrls(): MiddlewareHandler<TenantEnv> {
  return async (c, next) => {
    const target = c.env.incoming.url ?? '';
    if (Buffer.byteLength(target) <= maxRequestTargetBytes) return next();
    return c.html(
      '<html><head><title>414 Request-URI Too Large</title></head><body><h1>414 Request-URI Too Large</h1></body></html>\n',
      414,
    );
  };
}
