import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTenant, type RunningTenant } from './index';
import { apiClient, gunzipText, sleep, waitForJob, type Api, json } from './test-helpers';

let tenant: RunningTenant;
let api: Api;

beforeAll(async () => {
  tenant = await startTenant({ userCount: 300, plan: 'off', timing: { pendingMs: 30, processingMs: 60 } });
  api = apiClient(tenant, await tenant.mintToken());
});
afterAll(() => tenant.close());
beforeEach(async () => {
  await fetch(`${tenant.url}/__admin/reset`, { method: 'POST' });
  tenant.state.timing.exportLinkTtlMs = 60_000;
});

const exportJob = async (body: Record<string, unknown>) => {
  const created = await api.post('/api/v2/jobs/users-exports', body);
  return { status: created.status, body: await json(created) };
};

const finishedLocation = async (body: Record<string, unknown>) => {
  const { status, body: job } = await exportJob(body);
  expect(status).toBe(201);
  const done = await waitForJob(api, job.id);
  expect(done.status).toBe('completed');
  return String(done.location);
};

describe('POST /api/v2/jobs/users-exports', () => {
  it('exports NDJSON of the chosen fields and connection, gzip, on a separate origin', async () => {
    const upa = tenant.state.connections[0];
    const location = await finishedLocation({
      connection_id: upa.id,
      format: 'json',
      fields: [
        { name: 'user_id' },
        { name: 'email' },
        { name: 'user_metadata.plan', export_as: 'plan' },
        { name: 'identities[0].connection' },
      ],
    });
    expect(new URL(location).origin).toBe(tenant.exportFilesUrl);
    expect(tenant.exportFilesUrl).not.toBe(tenant.url);
    const lines = (await gunzipText(await fetch(location)))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const expected = [...tenant.state.users.values()].filter((u) => u.identities[0].connection === upa.name);
    expect(lines).toHaveLength(expected.length);
    expect(lines[0]).toEqual({
      user_id: expected[0].user_id,
      email: expected[0].email,
      ...(expected[0].user_metadata.plan ? { plan: expected[0].user_metadata.plan } : {}),
      'identities[0].connection': upa.name,
    });
  });

  it("writes CSV with the ' prefix on strings (ISO dates exempt) and honours limit", async () => {
    const location = await finishedLocation({
      format: 'csv',
      limit: 3,
      fields: [
        { name: 'email', export_as: 'Email' },
        { name: 'created_at' },
        { name: 'logins_count' },
        { name: 'email_verified' },
      ],
    });
    const rows = (await gunzipText(await fetch(location))).trim().split('\n');
    const first = [...tenant.state.users.values()][0];
    expect(rows).toHaveLength(4);
    expect(rows[0]).toBe('"Email","created_at","logins_count","email_verified"');
    expect(rows[1]).toBe(
      `"'${first.email}","${first.created_at}",${first.logins_count},${first.email_verified}`,
    );
  });

  it('refuses CSV with more than 30 fields or whole metadata objects, and unknown formats', async () => {
    const many = Array.from({ length: 31 }, (_, i) => ({ name: `user_metadata.k${i}` }));
    expect((await exportJob({ format: 'csv', fields: many })).status).toBe(400);
    expect((await exportJob({ format: 'json', fields: many })).status).toBe(201);
    expect((await exportJob({ format: 'csv', fields: [{ name: 'user_metadata' }] })).status).toBe(400);
    expect((await exportJob({ format: 'xml' })).status).toBe(400);
    expect((await exportJob({ connection_id: 'con_0000000000000000' })).body.message).toBe(
      'The connection does not exist.',
    );
  });

  it('signs a fresh location per GET that expires after its TTL, or at once on the fault', async () => {
    tenant.state.timing.exportLinkTtlMs = 150;
    const location = await finishedLocation({ format: 'json' });
    expect((await fetch(location)).status).toBe(200);
    await sleep(200);
    const expired = await fetch(location);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('Request has expired');
    const tampered = location.replace(/Signature=[^&]+/, 'Signature=abc');
    expect((await fetch(tampered)).status).toBe(403);
    await fetch(`${tenant.url}/__admin/faults`, {
      method: 'POST',
      body: JSON.stringify({ expireExportLinks: true }),
    });
    const id = new URL(location).pathname.split('/')[2];
    const again = (await json(await api.get(`/api/v2/jobs/${id}`))).location;
    expect((await fetch(again)).status).toBe(403);
  });

  it('sends CORS headers from the file origin only when the switch is on', async () => {
    const location = await finishedLocation({ format: 'json' });
    const withCors = await fetch(location, { headers: { origin: 'http://127.0.0.1:5173' } });
    expect(withCors.headers.get('access-control-allow-origin')).toBe('*');
    tenant.state.switches.exportFilesCors = false;
    const without = await fetch(location, { headers: { origin: 'http://127.0.0.1:5173' } });
    expect(without.status).toBe(200);
    expect(without.headers.get('access-control-allow-origin')).toBeNull();
  });
});
