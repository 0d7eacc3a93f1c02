import type { Hono } from 'hono';
import { auth0Error, queryError } from './http-errors';
import { missingScope } from './guards';
import { parsePaging, projectFields } from './paging';
import type { TenantContext, TenantEnv } from './context';
import type { TenantConnection } from './types';

/** The connection as the API shows it (the list of enabled clients lives behind /connections/{id}/clients). */
const publicConnection = ({ enabledClients: _clients, ...rest }: TenantConnection) => rest;

export function registerConnectionRoutes(app: Hono<TenantEnv>, ctx: TenantContext): void {
  app.get('/api/v2/connections', (c) => {
    const refused = missingScope(c, 'read:connections');
    if (refused) return refused;
    const query = c.req.query();
    const paging = parsePaging(query);
    if (!paging.ok) return queryError(c, paging.message);
    const strategies = c.req.queries('strategy') ?? [];
    const matching = ctx.state.connections.filter(
      (conn) =>
        (!strategies.length || strategies.includes(conn.strategy)) &&
        (!query.name || conn.name === query.name),
    );
    const { page, perPage, includeTotals } = paging.value;
    const slice = projectFields(
      matching.slice(page * perPage, (page + 1) * perPage).map(publicConnection),
      query,
    );
    if (!includeTotals) return c.json(slice);
    return c.json({ total: matching.length, start: page * perPage, limit: perPage, connections: slice });
  });

  app.get('/api/v2/connections/:id', (c) => {
    const refused = missingScope(c, 'read:connections');
    if (refused) return refused;
    const conn = ctx.state.connectionById(c.req.param('id'));
    if (!conn) return auth0Error(c, 404, 'The connection does not exist', 'inexistent_connection');
    return c.json(publicConnection(conn));
  });

  app.get('/api/v2/connections/:id/clients', (c) => {
    const refused = missingScope(c, 'read:connections');
    if (refused) return refused;
    const conn = ctx.state.connectionById(c.req.param('id'));
    if (!conn) return auth0Error(c, 404, 'The connection does not exist', 'inexistent_connection');
    const take = Number(c.req.query('take') ?? 50);
    if (!Number.isInteger(take) || take < 1 || take > 100) {
      return queryError(c, `'Value ${c.req.query('take')} is out of range 1-100' on property take.`);
    }
    // Checkpoint paging: `from` is the index of the first client, handed out as `next`.
    const from = Number(c.req.query('from') ?? 0) || 0;
    const clients = conn.enabledClients.slice(from, from + take).map((client_id) => ({ client_id }));
    const more = from + take < conn.enabledClients.length;
    return c.json(more ? { clients, next: String(from + take) } : { clients });
  });
}
