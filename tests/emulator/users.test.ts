import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTenant, type RunningTenant } from './index';
import { apiClient, type Api, json } from './test-helpers';
import type { TenantUser } from './types';

let tenant: RunningTenant;
let api: Api;

beforeAll(async () => {
  tenant = await startTenant({ plan: 'off' }); // the full 10 000 seeded users
  api = apiClient(tenant, await tenant.mintToken());
});
afterAll(() => tenant.close());

const search = async (params: Record<string, string>) => {
  const response = await api.get(
    `/api/v2/users?${new URLSearchParams({ include_totals: 'true', ...params })}`,
  );
  return { status: response.status, body: await json(response) };
};

describe('seeded demo data', () => {
  it('is the same for the same seed, with Auth0-shaped connections', async () => {
    const again = await startTenant({ userCount: 10_000, plan: 'off' });
    try {
      expect([...again.state.users.keys()].slice(0, 5)).toEqual([...tenant.state.users.keys()].slice(0, 5));
    } finally {
      await again.close();
    }
    expect(tenant.state.users.size).toBe(10_000);
    for (const conn of tenant.state.connections) expect(conn.id).toMatch(/^con_[A-Za-z0-9]{16}$/);
  });
});

describe('GET /api/v2/connections', () => {
  it('filters by strategy, pages, and reports totals', async () => {
    const all = await json(await api.get('/api/v2/connections?strategy=auth0&include_totals=true'));
    expect(all.total).toBe(3);
    expect(all.connections.map((c: { name: string }) => c.name)).toContain(
      'Username-Password-Authentication',
    );
    expect(all.connections.every((c: { strategy: string }) => c.strategy === 'auth0')).toBe(true);
    const page = await json(await api.get('/api/v2/connections?per_page=2&page=1'));
    expect(page).toHaveLength(2);
    expect(page[1].strategy).toBe('google-oauth2');
  });

  it('lists the clients a connection is enabled for (none for legacy-members)', async () => {
    const [upa, , legacy] = tenant.state.connections;
    expect(await json(await api.get(`/api/v2/connections/${upa.id}/clients`))).toEqual({
      clients: [{ client_id: tenant.clientId }],
    });
    expect(await json(await api.get(`/api/v2/connections/${legacy.id}/clients`))).toEqual({ clients: [] });
    expect((await api.get('/api/v2/connections/con_0000000000000000/clients')).status).toBe(404);
  });
});

describe('GET /api/v2/users (Lucene subset)', () => {
  const users = () => [...tenant.state.users.values()];

  it('matches field:value, quoted phrases and connections, with totals', async () => {
    const expected = users().filter((u) => u.identities[0].connection === 'partners-db').length;
    const { body } = await search({ q: 'identities.connection:"partners-db"', per_page: '5' });
    expect(body.total).toBe(expected);
    expect(body).toMatchObject({ start: 0, limit: 5, length: 5 });
    const someone = users()[123];
    const byEmail = await search({ q: `email:"${someone.email.toUpperCase()}"` });
    expect(byEmail.body.users.map((u: TenantUser) => u.user_id)).toEqual([someone.user_id]);
  });

  it('handles wildcards, AND/OR/NOT, _exists_, number comparisons and date ranges', async () => {
    const count = (pred: (u: TenantUser) => boolean) => users().filter(pred).length;
    const cases: [string, (u: TenantUser) => boolean][] = [
      ['given_name:Ad*', (u) => u.given_name === 'Ada'],
      [
        'user_metadata.plan:pro AND NOT blocked:true',
        (u) => u.user_metadata.plan === 'pro' && u.blocked !== true,
      ],
      [
        'user_metadata.plan:pro OR user_metadata.plan:free',
        (u) => ['pro', 'free'].includes(String(u.user_metadata.plan)),
      ],
      ['NOT _exists_:user_metadata.plan', (u) => u.user_metadata.plan === undefined],
      ['_exists_:phone_number', (u) => u.phone_number !== undefined],
      ['logins_count:[10 TO 20]', (u) => u.logins_count >= 10 && u.logins_count <= 20],
      ['logins_count:>800', (u) => u.logins_count > 800],
      [
        'created_at:[2024-01-01 TO 2024-02-01}',
        (u) => u.created_at >= '2024-01-01' && u.created_at < '2024-02-01',
      ],
      ['created_at:{* TO 2019-03-01]', (u) => u.created_at <= '2019-03-01'],
    ];
    for (const [q, pred] of cases) {
      const { status, body } = await search({ q, per_page: '1' });
      expect(status, q).toBe(200);
      expect(body.total, q).toBe(count(pred));
      expect(body.total, q).toBeGreaterThan(0);
    }
  });

  it('sorts, projects fields, and refuses bad queries and metadata sorts', async () => {
    const { body } = await search({
      q: 'logins_count:>0',
      sort: 'logins_count:-1',
      per_page: '3',
      fields: 'user_id,logins_count',
    });
    expect(Object.keys(body.users[0]).sort()).toEqual(['logins_count', 'user_id']);
    expect(body.users[0].logins_count).toBeGreaterThanOrEqual(body.users[1].logins_count);
    const without = await search({
      per_page: '1',
      fields: 'identities,user_metadata',
      include_fields: 'false',
    });
    expect(without.body.users[0].identities).toBeUndefined();
    expect(without.body.users[0].email).toBeDefined();
    expect((await search({ sort: 'user_metadata.plan:1' })).status).toBe(400);
    expect((await search({ q: 'email:(' })).status).toBe(400);
  });

  it('pages at most 100 per page and only within the first 1000 results', async () => {
    expect((await search({ per_page: '101' })).status).toBe(400);
    expect((await search({ per_page: '100', page: '9' })).status).toBe(200);
    const beyond = await search({ per_page: '100', page: '10' });
    expect(beyond.status).toBe(400);
    expect(beyond.body.message).toMatch(/^You can only page through the first 1000 records/);
    const plain = await json(await api.get('/api/v2/users?per_page=7'));
    expect(Array.isArray(plain)).toBe(true);
    expect(plain).toHaveLength(7);
  });

  it('users-by-email is exact and case-sensitive, across connections', async () => {
    const someone = users()[42];
    const found = await json(
      await api.get(`/api/v2/users-by-email?email=${encodeURIComponent(someone.email)}`),
    );
    expect(found.map((u: TenantUser) => u.user_id)).toEqual([someone.user_id]);
    const upper = await json(
      await api.get(`/api/v2/users-by-email?email=${encodeURIComponent(someone.email.toUpperCase())}`),
    );
    expect(upper).toEqual([]);
  });
});
