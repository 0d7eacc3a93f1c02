import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTenant, type RunningTenant } from './index';
import { apiClient, importForm, sleep, waitForJob, type Api, json } from './test-helpers';

let tenant: RunningTenant;
let api: Api;
let upa: string;

beforeAll(async () => {
  tenant = await startTenant({ userCount: 200, plan: 'off', timing: { pendingMs: 60, processingMs: 120 } });
  api = apiClient(tenant, await tenant.mintToken());
  upa = tenant.state.connections[0].id;
});
afterAll(() => tenant.close());
beforeEach(async () => {
  await fetch(`${tenant.url}/__admin/reset`, { method: 'POST' });
});

const startImport = async (users: unknown, extra: Record<string, string> = {}, connection = upa) => {
  const response = await api.post('/api/v2/jobs/users-imports', importForm(users, connection, extra));
  return { status: response.status, body: await json(response) };
};

describe('POST /api/v2/jobs/users-imports', () => {
  it('answers 202 pending, then processes asynchronously to completed with a summary', async () => {
    const { status, body } = await startImport([{ email: 'New.Person@Example.com', given_name: 'New' }], {
      external_id: 'batch-1',
      send_completion_email: 'false',
    });
    expect(status).toBe(202);
    expect(body).toMatchObject({
      type: 'users_import',
      status: 'pending',
      connection_id: upa,
      connection: 'Username-Password-Authentication',
      external_id: 'batch-1',
      upsert: false,
      send_completion_email: false,
    });
    expect(body.id).toMatch(/^job_[A-Za-z0-9]{16}$/);
    await sleep(90);
    expect((await json(await api.get(`/api/v2/jobs/${body.id}`))).status).toBe('processing');
    const done = await waitForJob(api, body.id);
    expect(done).toMatchObject({
      status: 'completed',
      summary: { failed: 0, updated: 0, inserted: 1, total: 1 },
    });
    expect((await api.get(`/api/v2/jobs/${body.id}/errors`)).status).toBe(204);
    const stored = await json(await api.get('/api/v2/users-by-email?email=new.person@example.com'));
    expect(stored[0]).toMatchObject({ given_name: 'New', email_verified: false });
    expect(stored[0].user_id).toMatch(/^auth0\|/);
  });

  it('reports per-user errors with Auth0 codes and paths, hashes redacted', async () => {
    const existing = [...tenant.state.users.values()].find(
      (u) => u.identities[0].connection === 'Username-Password-Authentication',
    );
    const { body } = await startImport([
      { email: 'ok@example.com' },
      { email: 'not-an-email' },
      { email: 'a@example.com', email_verified: 'yes' },
      { email: 'b@example.com', created_at: '2020-01-01' },
      { given_name: 'No email' },
      { email: 'ok@example.com' },
      { email: existing?.email, password_hash: '$2b$10$' + 'a'.repeat(53) },
      { email: 'c@example.com', phone_number: '0151 123' },
    ]);
    const done = await waitForJob(api, body.id);
    expect(done.summary).toEqual({ failed: 7, updated: 0, inserted: 1, total: 8 });
    const errors = await json(await api.get(`/api/v2/jobs/${body.id}/errors`));
    const codes = errors.map(
      (e: { errors: { code: string; path: string }[] }) => `${e.errors[0].code}@${e.errors[0].path}`,
    );
    expect(codes).toEqual([
      'FORMAT@email',
      'INVALID_TYPE@email_verified',
      'OBJECT_ADDITIONAL_PROPERTIES@created_at',
      'OBJECT_REQUIRED@email',
      'DUPLICATED_USER@email',
      'DUPLICATED_USER@email',
      'PATTERN@phone_number',
    ]);
    expect(errors[5].errors[0].message).toBe('The user already exist and upsert parameter is false');
    expect(errors[5].user.password_hash).toBe('[REDACTED]');
  });

  it('upserts by email: only upsertable fields change, metadata replaced not merged', async () => {
    const before = structuredClone(
      [...tenant.state.users.values()].find(
        (u) => u.identities[0].connection === 'Username-Password-Authentication',
      ),
    )!;
    const { body } = await startImport(
      [
        {
          email: before.email,
          given_name: 'Changed',
          blocked: true,
          user_metadata: { only: 'this' },
          user_id: 'other-id',
        },
      ],
      { upsert: 'true' },
    );
    expect(body.upsert).toBe(true);
    const done = await waitForJob(api, body.id);
    expect(done.summary).toEqual({ failed: 0, updated: 1, inserted: 0, total: 1 });
    const after = tenant.state.users.get(before.user_id)!;
    expect(after.given_name).toBe('Changed');
    expect(after.user_metadata).toEqual({ only: 'this' });
    expect(after.app_metadata).toEqual(before.app_metadata);
    expect(after.blocked).toBe(before.blocked);
    expect(tenant.state.users.has('auth0|other-id')).toBe(false);
  });

  it('keeps at most 2 jobs active: the third gets 429 with the exact message, counted', async () => {
    tenant.state.timing.processingMs = 400;
    try {
      expect((await startImport([{ email: 'one@example.com' }])).status).toBe(202);
      expect((await startImport([{ email: 'two@example.com' }])).status).toBe(202);
      const third = await startImport([{ email: 'three@example.com' }]);
      expect(third.status).toBe(429);
      expect(third.body.message).toBe(
        'There are 2 active import users jobs, please wait until some of them are finished and try again',
      );
      const counters = await json(await fetch(`${tenant.url}/__admin/counters`));
      expect(counters).toMatchObject({ maxActiveImports: 2, importLimitRefused: 1, activeImports: 2 });
    } finally {
      tenant.state.timing.processingMs = 120;
    }
  });

  it('checks the connection: pattern, existence, database strategy, enabled for an app', async () => {
    const [, , legacy, google] = tenant.state.connections;
    const message = async (connection: string) =>
      (await startImport([{ email: 'x@example.com' }], {}, connection)).body.message;
    expect(await message('Username-Password-Authentication')).toMatch(
      /^Payload validation error: 'String does not match pattern/,
    );
    expect(await message('con_0000000000000000')).toBe('The connection does not exist.');
    expect(await message(google.id)).toBe('Connection must be a database connection.');
    expect(await message(legacy.id)).toBe('Connection must be enabled.');
  });

  it('refuses a users file above 512000 bytes with 413; a missing file with 400', async () => {
    const big = JSON.stringify([{ email: 'big@example.com', user_metadata: { pad: 'x'.repeat(512_001) } }]);
    const tooBig = await startImport(big);
    expect(tooBig.status).toBe(413);
    const form = new FormData();
    form.set('connection_id', upa);
    const missing = await api.post('/api/v2/jobs/users-imports', form);
    expect(missing.status).toBe(400);
    expect((await json(missing)).message).toBe(
      "Payload validation error: 'Missing required property: users'.",
    );
  });

  it('fails the whole job for a file that is not a JSON array, or on the failNextJobs fault (errors 204)', async () => {
    const broken = await startImport('{"email": "x@example.com"');
    expect((await waitForJob(api, broken.body.id)).status).toBe('failed');
    expect((await api.get(`/api/v2/jobs/${broken.body.id}/errors`)).status).toBe(204);
    await fetch(`${tenant.url}/__admin/faults`, {
      method: 'POST',
      body: JSON.stringify({ failNextJobs: 1 }),
    });
    const faulted = await startImport([{ email: 'fine@example.com' }]);
    expect((await waitForJob(api, faulted.body.id)).status).toBe('failed');
    const next = await startImport([{ email: 'fine@example.com' }]);
    expect((await waitForJob(api, next.body.id)).status).toBe('completed');
  });

  it('forgets jobs after the retention period; unknown ids are 404, malformed ones 400', async () => {
    const { body } = await startImport([{ email: 'r@example.com' }]);
    await waitForJob(api, body.id);
    tenant.state.timing.retentionMs = 0;
    try {
      expect((await api.get(`/api/v2/jobs/${body.id}`)).status).toBe(404);
    } finally {
      tenant.state.timing.retentionMs = 24 * 3600_000;
    }
    expect((await api.get('/api/v2/jobs/job_AAAAAAAAAAAAAAAA')).status).toBe(404);
    expect((await api.get('/api/v2/jobs/nope')).status).toBe(400);
  });
});
