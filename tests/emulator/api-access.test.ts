import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTenant, type RunningTenant } from './index';
import { apiClient, sleep, json } from './test-helpers';

let tenant: RunningTenant;
let token: string;

beforeAll(async () => {
  tenant = await startTenant({ userCount: 50, plan: 'off', allowedOrigins: ['http://127.0.0.1:4317'] });
  token = await tenant.mintToken();
});
afterAll(() => tenant.close());
beforeEach(async () => {
  await fetch(`${tenant.url}/__admin/plan`, { method: 'POST', body: JSON.stringify({ plan: 'off' }) });
  await fetch(`${tenant.url}/__admin/counters/reset`, { method: 'POST' });
});

const setPlan = (plan: string) =>
  fetch(`${tenant.url}/__admin/plan`, { method: 'POST', body: JSON.stringify({ plan }) });

describe('tokens and scopes', () => {
  it('401 without, with a malformed, an expired or a wrong-audience token; messages as Auth0 words them', async () => {
    const users = `${tenant.url}/api/v2/users`;
    const missing = await fetch(users);
    expect(missing.status).toBe(401);
    expect(await json(missing)).toMatchObject({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Missing authentication',
    });
    const bogus = await fetch(users, { headers: { authorization: 'Bearer not.a.jwt' } });
    expect((await json(bogus)).message).toBe('Invalid token');
    const expired = await apiClient(tenant, await tenant.mintToken({ expiresIn: -10 })).get('/api/v2/users');
    expect(expired.status).toBe(401);
    expect((await json(expired)).message).toBe('Expired token received for JSON Web Token validation');
    const wrongAud = await apiClient(
      tenant,
      await tenant.mintToken({ audience: 'https://other/api/v2/' }),
    ).get('/api/v2/users');
    expect(wrongAud.status).toBe(401);
  });

  it('403 with the scope Auth0 names when the token lacks it', async () => {
    const readOnly = apiClient(tenant, await tenant.mintToken({ scopes: ['read:users'] }));
    const conns = await readOnly.get('/api/v2/connections');
    expect(conns.status).toBe(403);
    expect(await json(conns)).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: 'Insufficient scope; expected any of: read:connections.',
      errorCode: 'insufficient_scope',
    });
    expect((await readOnly.get('/api/v2/users?per_page=1')).status).toBe(200);
  });

  it('mints pasteable tokens over the admin API', async () => {
    const minted = await json(
      await fetch(`${tenant.url}/__admin/token`, {
        method: 'POST',
        body: JSON.stringify({ scopes: ['read:users'] }),
      }),
    );
    expect((await apiClient(tenant, minted.access_token).get('/api/v2/users?per_page=1')).status).toBe(200);
    expect((await apiClient(tenant, minted.access_token).get('/api/v2/connections')).status).toBe(403);
  });
});

describe('CORS', () => {
  const origin = 'http://127.0.0.1:4317';
  const preflight = (headers: string, from = origin) =>
    fetch(`${tenant.url}/api/v2/jobs/users-imports`, {
      method: 'OPTIONS',
      headers: {
        origin: from,
        'access-control-request-method': 'POST',
        'access-control-request-headers': headers,
      },
    });

  it('allows the configured origin with Authorization only; refuses extra headers and other origins', async () => {
    const ok = await preflight('authorization');
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(origin);
    const extra = await preflight('authorization,x-request-id');
    expect(extra.status).toBe(403);
    expect(extra.headers.get('access-control-allow-origin')).toBeNull();
    const stranger = await preflight('authorization', 'http://127.0.0.1:9999');
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('exposes the rate-limit headers to the page only when the switch says so', async () => {
    await setPlan('enterprise');
    const api = apiClient(tenant, token);
    const shown = await api.get('/api/v2/users?per_page=1', { headers: { origin } });
    expect(shown.headers.get('access-control-allow-origin')).toBe(origin);
    expect(shown.headers.get('access-control-expose-headers')).toContain('x-ratelimit-remaining');
    tenant.state.switches.exposeRateLimitHeaders = false;
    const hidden = await api.get('/api/v2/users?per_page=1', { headers: { origin } });
    tenant.state.switches.exposeRateLimitHeaders = true;
    expect(hidden.headers.get('access-control-expose-headers')).toBeNull();
    expect(hidden.headers.get('x-ratelimit-limit')).toBe('50');
  });
});

describe('rate limits (token bucket per plan)', () => {
  it('free: 2 requests at once pass, the third gets 429 with x-ratelimit-*; after 0.5 s one more passes', async () => {
    await setPlan('free');
    const api = apiClient(tenant, token);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await api.get('/api/v2/users?per_page=1'));
    expect(statuses.map((r) => r.status)).toEqual([200, 200, 429]);
    const refused = statuses[2];
    expect(await json(refused)).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    expect(refused.headers.get('x-ratelimit-limit')).toBe('2');
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(refused.headers.get('x-ratelimit-reset'))).toBeGreaterThanOrEqual(
      Math.floor(Date.now() / 1000),
    );
    await sleep(520);
    expect((await api.get('/api/v2/users?per_page=1')).status).toBe(200);
    const counters = await json(await fetch(`${tenant.url}/__admin/counters`));
    expect(counters.rateLimited).toBe(1);
  });

  it('essentials: /connections bursts 5 while /users reads still pass (separate buckets)', async () => {
    await setPlan('essentials');
    const api = apiClient(tenant, token);
    const conns = [];
    for (let i = 0; i < 6; i++) conns.push((await api.get('/api/v2/connections')).status);
    expect(conns).toEqual([200, 200, 200, 200, 200, 429]);
    const users = await api.get('/api/v2/users?per_page=1');
    expect(users.status).toBe(200);
    expect(users.headers.get('x-ratelimit-limit')).toBe('40');
  });
});
