import type { Hono } from 'hono';
import { auth0Error, queryError } from './http-errors';
import { missingScope } from './guards';
import { parsePaging, projectFields } from './paging';
import { holdFor, searchDelay, searchTimeoutMessage } from './search-timeout';
import { compileSort, compileUserQuery } from './user-query';
import type { TenantContext, TenantEnv } from './context';

/** Only the first 1000 results of a search can be paged (auth0-facts section 4). */
export const searchWindow = 1000;
export const pagingLimitMessage =
  'You can only page through the first 1000 records. See https://auth0.com/docs/users/search/v3/view-search-results-by-page#limitation';

export function registerUserRoutes(app: Hono<TenantEnv>, ctx: TenantContext): void {
  app.get('/api/v2/users', async (c) => {
    const refused = missingScope(c, 'read:users');
    if (refused) return refused;
    const query = c.req.query();
    if (query.search_engine && query.search_engine !== 'v3') {
      return queryError(c, `'No enum match for: "${query.search_engine}"' on property search_engine.`);
    }
    const paging = parsePaging(query);
    if (!paging.ok) return queryError(c, paging.message);
    const { page, perPage, includeTotals } = paging.value;
    if ((page + 1) * perPage > searchWindow) return auth0Error(c, 400, pagingLimitMessage, 'invalid_paging');
    const filter = compileUserQuery(query.q);
    if (!filter.ok) return auth0Error(c, 400, filter.message, 'invalid_query');
    const sort = compileSort(query.sort);
    if (!sort.ok) return queryError(c, sort.message);
    const slow = searchDelay(ctx.state.faults, ctx.state.timing, query.q);
    if (slow) await holdFor(slow.waitMs);
    if (slow?.timedOut) return auth0Error(c, 503, searchTimeoutMessage);
    const matching = [...ctx.state.users.values()].filter(filter.test);
    if (sort.compare) matching.sort(sort.compare);
    const users = projectFields(matching.slice(page * perPage, (page + 1) * perPage), query);
    if (!includeTotals) return c.json(users);
    return c.json({
      start: page * perPage,
      limit: perPage,
      length: users.length,
      total: matching.length,
      users,
    });
  });

  app.get('/api/v2/users-by-email', (c) => {
    const refused = missingScope(c, 'read:users');
    if (refused) return refused;
    const email = c.req.query('email');
    if (!email) return queryError(c, "'Missing required property: email' on property email.");
    // Case-sensitive, unlike search (auth0-facts section 4); stored emails are lower-case.
    const found = [...ctx.state.users.values()].filter((u) => u.email === email);
    return c.json(projectFields(found, c.req.query()));
  });

  app.get('/api/v2/users/:id', (c) => {
    const refused = missingScope(c, 'read:users');
    if (refused) return refused;
    const user = ctx.state.users.get(c.req.param('id'));
    if (!user) return auth0Error(c, 404, 'The user does not exist.', 'inexistent_user');
    return c.json(projectFields([user], c.req.query())[0]);
  });
}
