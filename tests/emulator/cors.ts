import type { MiddlewareHandler } from 'hono';

/** Headers a page may send to the Management API; anything else fails the preflight (auth0-facts section 2). */
const apiHeaders = ['authorization', 'content-type'];
/** The authentication endpoints also accept auth0-spa-js's telemetry header. */
const authHeaders = [...apiHeaders, 'auth0-client'];
const methods = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';
const rateLimitHeaders = 'x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset';

export type OriginPolicy = string[] | 'loopback';

/** True when a page at `origin` may call the tenant. */
export function originAllowed(policy: OriginPolicy, origin: string): boolean {
  if (policy === 'loopback') return /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(origin);
  return policy.includes(origin);
}

/**
 * CORS for configured origins. A preflight from an unknown origin or asking for a header outside the list is
 * refused with 403 and no Access-Control-* headers, so a browser blocks the real request.
 */
export function corsMiddleware(
  policy: () => OriginPolicy,
  exposeRateLimit: () => boolean,
): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (!origin) return next();
    const allowed = originAllowed(policy(), origin);
    const isPreflight = c.req.method === 'OPTIONS' && c.req.header('access-control-request-method');
    if (isPreflight) {
      const accepted = c.req.path.startsWith('/api/') ? apiHeaders : authHeaders;
      const asked = (c.req.header('access-control-request-headers') ?? '')
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean);
      const refused = asked.filter((h) => !accepted.includes(h));
      if (!allowed || refused.length > 0) {
        return c.text(
          allowed ? `Request header not allowed: ${refused.join(', ')}` : 'Origin not allowed',
          403,
        );
      }
      c.header('access-control-allow-origin', origin);
      c.header('access-control-allow-methods', methods);
      c.header('access-control-allow-headers', accepted.join(', '));
      c.header('access-control-max-age', '86400');
      c.header('vary', 'Origin');
      return c.body(null, 204);
    }
    await next();
    if (!allowed) return;
    c.res.headers.set('access-control-allow-origin', origin);
    c.res.headers.append('vary', 'Origin');
    if (exposeRateLimit()) c.res.headers.set('access-control-expose-headers', rateLimitHeaders);
  };
}
