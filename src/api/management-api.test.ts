import { describe, expect, it } from 'vitest';
import { ManagementClient } from './client';
import { ManagementApi, importForm } from './management-api';
import { isApiError } from './problems';
import { json, scriptedFetch, type Answer } from './testing/fake-fetch';

const signal = new AbortController().signal;

function api(answers: Answer[]) {
  const { fetch, sent } = scriptedFetch(answers);
  const client = new ManagementClient({
    credentials: async () => ({ apiBaseUrl: 'https://acme.auth0.com/api/v2/', accessToken: 't' }),
    plan: () => 'enterprise',
    fetch,
  });
  return { api: new ManagementApi(client), sent };
}

const connection = (n: number) => ({
  id: `con_${String(n).padStart(16, '0')}`,
  name: `db-${n}`,
  strategy: 'auth0',
});

describe('ManagementApi', () => {
  it('pages through all connections of a strategy', async () => {
    const first = Array.from({ length: 100 }, (_, i) => connection(i));
    const { api: management, sent } = api([
      json(200, { connections: first, total: 101, start: 0, limit: 100 }),
      json(200, { connections: [connection(100)], total: 101, start: 100, limit: 100 }),
    ]);
    const all = await management.listConnections({ strategy: ['auth0'], signal });
    expect(all).toHaveLength(101);
    expect(sent.map((s) => new URL(s.url).searchParams.get('page'))).toEqual(['0', '1']);
    expect(new URL(sent[0].url).searchParams.get('strategy')).toBe('auth0');
  });

  it('keeps the custom-database options of a connection, typed, and drops the rest', async () => {
    const { api: management } = api([
      json(200, [
        {
          ...connection(1),
          options: { enabledDatabaseCustomization: true, import_mode: false, customScripts: { login: 'x' } },
        },
        { ...connection(2), options: { import_mode: 'yes', brute_force_protection: true } },
        connection(3),
      ]),
    ]);
    const [custom, odd, plain] = await management.listConnections({ signal });
    expect(custom.options).toEqual({ enabledDatabaseCustomization: true, import_mode: false });
    expect(odd.options).toEqual({});
    expect(plain.options).toBeUndefined();
  });

  it('counts a connection’s clients across checkpoint pages, encoding the id in the path', async () => {
    const { api: management, sent } = api([
      json(200, { clients: [{ client_id: 'a' }], next: 'cursor1' }),
      json(200, { clients: [{ client_id: 'b' }] }),
    ]);
    const clients = await management.connectionClients('con_x/y', { signal });
    expect(clients.map((c) => c.client_id)).toEqual(['a', 'b']);
    expect(sent[0].url).toBe('https://acme.auth0.com/api/v2/connections/con_x%2Fy/clients?take=100');
    expect(new URL(sent[1].url).searchParams.get('from')).toBe('cursor1');
  });

  it('searches users with query, sort, paging, totals and fields', async () => {
    const { api: management, sent } = api([
      json(200, {
        start: 0,
        limit: 50,
        length: 1,
        total: 1,
        users: [{ user_id: 'auth0|1', email: 'a@b.co' }],
      }),
    ]);
    const page = await management.searchUsers(
      { q: 'identities.connection:"db"', sort: 'created_at:1', perPage: 500, fields: ['email', 'user_id'] },
      { signal },
    );
    expect(page.total).toBe(1);
    const params = new URL(sent[0].url).searchParams;
    expect(Object.fromEntries(params)).toEqual({
      q: 'identities.connection:"db"',
      search_engine: 'v3',
      sort: 'created_at:1',
      page: '0',
      per_page: '100',
      include_totals: 'true',
      fields: 'email,user_id',
      include_fields: 'true',
    });
  });

  it('reads users-by-email as an array', async () => {
    const { api: management, sent } = api([json(200, [{ user_id: 'auth0|1' }])]);
    expect(await management.usersByEmail('A+b@x.co', { signal })).toEqual([{ user_id: 'auth0|1' }]);
    expect(sent[0].url).toContain('users-by-email?email=A%2Bb%40x.co');
  });

  it('builds the import form with every field, send_completion_email false by default', async () => {
    const form = importForm({
      users: '[{"email":"a@b.co"}]',
      connectionId: 'con_abc',
      externalId: 'run-1/3',
    });
    const users = form.get('users');
    expect(users).toBeInstanceOf(Blob);
    expect((users as File).name).toBe('users.json');
    expect(await (users as Blob).text()).toBe('[{"email":"a@b.co"}]');
    expect(form.get('connection_id')).toBe('con_abc');
    expect(form.get('upsert')).toBe('false');
    expect(form.get('external_id')).toBe('run-1/3');
    expect(form.get('send_completion_email')).toBe('false');
  });

  it('creates an import job and types its 202 answer', async () => {
    const { api: management, sent } = api([
      json(202, {
        id: 'job_1',
        type: 'users_import',
        status: 'pending',
        connection_id: 'con_abc',
        upsert: true,
      }),
    ]);
    const job = await management.createImportJob(
      { users: '[]', connectionId: 'con_abc', upsert: true },
      { signal },
    );
    expect(job).toMatchObject({ id: 'job_1', status: 'pending', upsert: true });
    expect(sent[0].url).toBe('https://acme.auth0.com/api/v2/jobs/users-imports');
    expect((sent[0].body as FormData).get('upsert')).toBe('true');
  });

  it('sends an export job as JSON', async () => {
    const { api: management, sent } = api([
      json(201, { id: 'job_2', type: 'users_export', status: 'pending' }),
    ]);
    await management.createExportJob(
      { format: 'json', connectionId: 'con_a', fields: [{ name: 'email' }] },
      { signal },
    );
    expect(JSON.parse(String(sent[0].body))).toEqual({
      format: 'json',
      connection_id: 'con_a',
      fields: [{ name: 'email' }],
    });
  });

  it('reads job errors: 200 list, 204 empty', async () => {
    const { api: management } = api([
      json(200, [{ user: { email: 'x' }, errors: [{ code: 'FORMAT', message: 'bad', path: 'email' }] }]),
      new Response(null, { status: 204 }),
    ]);
    expect(await management.getJobErrors('job_1', { signal })).toEqual([
      { user: { email: 'x' }, errors: [{ code: 'FORMAT', message: 'bad', path: 'email' }] },
    ]);
    expect(await management.getJobErrors('job_1', { signal })).toEqual([]);
  });

  it('turns a job answer without an id into UnexpectedResponse', async () => {
    const { api: management } = api([json(200, { status: 'pending' })]);
    const error = await management.getJob('job_1', { signal }).catch((e: unknown) => e);
    expect(isApiError(error, 'UnexpectedResponse')).toBe(true);
  });
});
