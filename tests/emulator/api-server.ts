import { Hono } from 'hono';
import { registerAdminRoutes } from './admin-routes';
import { registerAuthRoutes } from './auth-routes';
import { registerConnectionRoutes } from './connections-routes';
import { corsMiddleware } from './cors';
import { countRequests, injectFaults, rateLimit, requireToken } from './guards';
import { auth0Error } from './http-errors';
import { registerJobRoutes } from './jobs-routes';
import { refuseLongUrls } from './url-limit';
import { registerUserRoutes } from './users-routes';
import type { TenantContext, TenantEnv } from './context';

/** The tenant's main origin: sign-in, Management API v2 and the admin API. */
export function buildApiServer(ctx: TenantContext): Hono<TenantEnv> {
  const app = new Hono<TenantEnv>();
  app.use('*', countRequests(ctx));
  app.use('*', refuseLongUrls());
  app.use(
    '*',
    corsMiddleware(
      () => ctx.origins,
      () => ctx.state.switches.exposeRateLimitHeaders,
    ),
  );
  app.use('*', injectFaults(ctx));
  app.use('/api/v2/*', rateLimit(ctx));
  app.use('/api/v2/*', requireToken(ctx));
  registerAuthRoutes(app, ctx);
  registerConnectionRoutes(app, ctx);
  registerUserRoutes(app, ctx);
  registerJobRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  app.get('/', (c) =>
    c.text(
      `Ferry's local Auth0 tenant emulator. Domain: ${ctx.url()}  Management API: ${ctx.issuer.audience}\n`,
    ),
  );
  // The login page is a browser page: a 404 favicon would show up as a console error in browser tests.
  app.get('/favicon.ico', (c) => c.body(null, 204));
  app.notFound((c) => auth0Error(c, 404, 'Not Found'));
  app.onError((error, c) => {
    console.error('tenant emulator: unexpected error', error);
    return auth0Error(c, 500, 'Internal Server Error');
  });
  return app;
}
