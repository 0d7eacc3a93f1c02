import type { Hono } from 'hono';
import { auth0Error, queryError } from './http-errors';
import { missingScope } from './guards';
import { parseCheckpoint, parsePaging, projectFields, type Checkpoint } from './paging';
import type { TenantContext, TenantEnv, TenantRequest } from './context';
import type { TenantConnection } from './types';

/** The connection as the API shows it (the list of enabled clients lives behind /connections/{id}/clients). */
const publicConnection = ({ enabledClients: _clients, ...rest }: TenantConnection) => rest;

/**
 * `{connections, next?}`: `next` (the id of the first connection of the following page) is there only while more
 * follow; include_totals is ignored, as Auth0 documents for checkpoint paging.
 */
function checkpointPage(
  c: TenantRequest,
  matching: TenantConnection[],
  { from, take }: Checkpoint,
  query: Record<string, string>,
): Response {
  const start = from === undefined ? 0 : matching.findIndex((conn) => conn.id === from);
  if (start < 0) return queryError(c, `'No connection to start from: ${from}' on property from.`);
  const page = matching.slice(start, start + take);
  const connections = projectFields(page.map(publicConnection), query);
  const next = matching[start + take]?.id;
  return c.json(next ? { connections, next } : { connections });
}

export function registerConnectionRoutes(app: Hono<TenantEnv>, ctx: TenantContext): void {
  app.get('/api/v2/connections', (c) => {
    const refused = missingScope(c, 'read:connections');
    if (refused) return refused;
    const query = c.req.query();
    const strategies = c.req.queries('strategy') ?? [];
    const matching = ctx.state.connections.filter(
      (conn) =>
        (!strategies.length || strategies.includes(conn.strategy)) &&
        (!query.name || conn.name === query.name),
    );
    const checkpoint = parseCheckpoint(query);
    if (checkpoint) {
      if (!checkpoint.ok) return queryError(c, checkpoint.message);
      return checkpointPage(c, matching, checkpoint.value, query);
    }
    const paging = parsePaging(query);
    if (!paging.ok) return queryError(c, paging.message);
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
