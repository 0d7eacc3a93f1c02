import type { Hono } from 'hono';
import { auth0Error, payloadError } from './http-errors';
import { missingScope } from './guards';
import { exportFieldsProblem } from './export-build';
import { newJobId, publicJob, runExport, runImport } from './job-runner';
import { sweepExpiredJobs } from './job-retention';
import type { TenantContext, TenantEnv, TenantRequest } from './context';
import type { ExportField, TenantConnection, TenantJob } from './types';

export const maxUsersFileBytes = 512_000;
export const maxActiveImports = 2;
export const activeImportsMessage =
  'There are 2 active import users jobs, please wait until some of them are finished and try again';
/** Auth0 refuses imports into a custom database unless its import mode is on (wording UNVERIFIED: see README). */
export const customDbRefusal =
  'Users can only be imported into a custom database connection when its "Import Users to Auth0" (import mode) setting is on.';
const connectionPattern = /^con_[A-Za-z0-9]{16}$/;
const jobPattern = /^job_[A-Za-z0-9]{16}$/;

type Checked<T> = { ok: true; value: T } | { ok: false; response: Response };

/** The import form's flags: "true"/"false" only. */
function flag(c: TenantRequest, raw: unknown, name: string, fallback: boolean): Checked<boolean> {
  if (raw === undefined) return { ok: true, value: fallback };
  if (raw === 'true' || raw === 'false') return { ok: true, value: raw === 'true' };
  return {
    ok: false,
    response: payloadError(c, `'Expected type boolean but found type string' on property ${name}.`),
  };
}

/** Auth0's connection checks for an import target: exists, database, enabled for an application. */
function importConnection(c: TenantRequest, ctx: TenantContext, id: unknown): Checked<TenantConnection> {
  if (typeof id !== 'string' || !id) {
    return { ok: false, response: payloadError(c, "'Missing required property: connection_id'.") };
  }
  if (!connectionPattern.test(id)) {
    return {
      ok: false,
      response: payloadError(
        c,
        `'String does not match pattern ^con_[A-Za-z0-9]{16}$: ${id}' on property connection_id.`,
      ),
    };
  }
  const conn = ctx.state.connectionById(id);
  if (!conn)
    return {
      ok: false,
      response: auth0Error(c, 400, 'The connection does not exist.', 'inexistent_connection'),
    };
  if (conn.strategy !== 'auth0') {
    return {
      ok: false,
      response: auth0Error(c, 400, 'Connection must be a database connection.', 'invalid_connection'),
    };
  }
  if (conn.options.enabledDatabaseCustomization === true && conn.options.import_mode !== true) {
    return { ok: false, response: auth0Error(c, 400, customDbRefusal, 'operation_not_supported') };
  }
  if (conn.enabledClients.length === 0) {
    return { ok: false, response: auth0Error(c, 400, 'Connection must be enabled.', 'invalid_connection') };
  }
  return { ok: true, value: conn };
}

function registerImport(app: Hono<TenantEnv>, ctx: TenantContext): void {
  app.post('/api/v2/jobs/users-imports', async (c) => {
    const refused = missingScope(c, 'create:users');
    if (refused) return refused;
    if (!(c.req.header('content-type') ?? '').startsWith('multipart/form-data')) {
      return payloadError(c, "'Expected multipart/form-data' on property users.");
    }
    const form = await c.req.parseBody().catch(() => undefined);
    if (!form) return payloadError(c, "'Invalid multipart payload'.");
    const users = form.users;
    if (!(users instanceof File)) return payloadError(c, "'Missing required property: users'.");
    if (users.size > maxUsersFileBytes) {
      return auth0Error(c, 413, `Payload content length greater than maximum allowed: ${maxUsersFileBytes}`);
    }
    const connection = importConnection(c, ctx, form.connection_id);
    if (!connection.ok) return connection.response;
    const upsert = flag(c, form.upsert, 'upsert', false);
    if (!upsert.ok) return upsert.response;
    const email = flag(c, form.send_completion_email, 'send_completion_email', true);
    if (!email.ok) return email.response;
    if (ctx.state.activeImports() >= maxActiveImports) {
      ctx.state.counters.importLimitRefused++;
      return auth0Error(c, 429, activeImportsMessage, 'too_many_requests');
    }
    const now = Date.now();
    const job: TenantJob = {
      id: newJobId(),
      type: 'users_import',
      status: 'pending',
      connection_id: connection.value.id,
      connection: connection.value.name,
      created_at: new Date(now).toISOString(),
      createdMs: now,
      upsert: upsert.value,
      send_completion_email: email.value,
      errors: [],
      payload: await users.text(),
      failAsWhole: consumeJobFailure(ctx),
    };
    if (typeof form.external_id === 'string') job.external_id = form.external_id;
    ctx.state.jobs.set(job.id, job);
    sweepExpiredJobs(ctx, now);
    const counters = ctx.state.counters;
    counters.importsCreated++;
    counters.maxActiveImports = Math.max(counters.maxActiveImports, ctx.state.activeImports());
    runImport(ctx, job);
    const { id, type, status, connection_id, connection: name, created_at, external_id } = job;
    return c.json(
      {
        id,
        type,
        status,
        connection_id,
        connection: name,
        created_at,
        upsert: job.upsert,
        external_id,
        send_completion_email: job.send_completion_email,
      },
      202,
    );
  });
}

function consumeJobFailure(ctx: TenantContext): boolean {
  const faults = ctx.state.faults;
  if (!faults.failNextJobs || faults.failNextJobs <= 0) return false;
  faults.failNextJobs--;
  return true;
}

function registerExport(app: Hono<TenantEnv>, ctx: TenantContext): void {
  app.post('/api/v2/jobs/users-exports', async (c) => {
    const refused = missingScope(c, 'read:users');
    if (refused) return refused;
    const body = (await c.req.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object') return payloadError(c, "'Invalid JSON body'.");
    const format = body.format ?? 'json';
    if (format !== 'json' && format !== 'csv')
      return payloadError(c, `'No enum match for: ${JSON.stringify(format)}' on property format.`);
    const fields = body.fields as ExportField[] | undefined;
    if (fields !== undefined && !Array.isArray(fields))
      return payloadError(c, "'Expected type array' on property fields.");
    const problem = fields && exportFieldsProblem(fields, format);
    if (problem) return payloadError(c, problem);
    const limit = body.limit;
    if (limit !== undefined && (!Number.isInteger(limit) || (limit as number) < 1)) {
      return payloadError(c, "'Expected a positive integer' on property limit.");
    }
    let connection: TenantConnection | undefined;
    if (body.connection_id !== undefined) {
      connection = ctx.state.connectionById(String(body.connection_id));
      if (!connection) return auth0Error(c, 400, 'The connection does not exist.', 'inexistent_connection');
    }
    const now = Date.now();
    const job: TenantJob = {
      id: newJobId(),
      type: 'users_export',
      status: 'pending',
      connection_id: connection?.id,
      connection: connection?.name,
      created_at: new Date(now).toISOString(),
      createdMs: now,
      format,
      limit: limit as number | undefined,
      fields,
      errors: [],
    };
    ctx.state.jobs.set(job.id, job);
    sweepExpiredJobs(ctx, now);
    ctx.state.counters.exportsCreated++;
    runExport(ctx, job);
    return c.json(publicJob(ctx, job, now), 201);
  });
}

function findJob(c: TenantRequest, ctx: TenantContext): Checked<TenantJob> {
  const id = c.req.param('id') ?? '';
  if (!jobPattern.test(id)) {
    return {
      ok: false,
      response: auth0Error(
        c,
        400,
        `Path validation error: 'String does not match pattern ^job_[A-Za-z0-9]{16}$: ${id}' on property id (The id of the job).`,
        'invalid_uri',
      ),
    };
  }
  const job = ctx.state.liveJob(id);
  if (!job) return { ok: false, response: auth0Error(c, 404, 'The job does not exist.', 'inexistent_job') };
  return { ok: true, value: job };
}

export function registerJobRoutes(app: Hono<TenantEnv>, ctx: TenantContext): void {
  registerImport(app, ctx);
  registerExport(app, ctx);
  app.get('/api/v2/jobs/:id', (c) => {
    const refused = missingScope(c, 'create:users', 'read:users');
    if (refused) return refused;
    const job = findJob(c, ctx);
    return job.ok ? c.json(publicJob(ctx, job.value)) : job.response;
  });
  app.get('/api/v2/jobs/:id/errors', (c) => {
    const refused = missingScope(c, 'create:users', 'read:users');
    if (refused) return refused;
    const job = findJob(c, ctx);
    if (!job.ok) return job.response;
    return job.value.errors.length ? c.json(job.value.errors) : c.body(null, 204);
  });
}
