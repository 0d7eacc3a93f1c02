import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTenant, type RunningTenant } from './index';
import { searchTimeoutMessage } from './search-timeout';
import { maxRequestTargetBytes } from './url-limit';
import { apiClient, type Api, json } from './test-helpers';

let tenant: RunningTenant;
let api: Api;

beforeAll(async () => {
  tenant = await startTenant({ userCount: 50, plan: 'off' });
  api = apiClient(tenant, await tenant.mintToken());
});
afterAll(() => tenant.close());
beforeEach(async () => {
  await fetch(`${tenant.url}/__admin/reset`, { method: 'POST' });
  await admin('/__admin/timing', { searchTimeoutMs: 2000 });
});

const admin = (path: string, body: unknown) =>
  fetch(`${tenant.url}${path}`, { method: 'POST', body: JSON.stringify(body) });

/** Runs a search and measures how long the answer took. */
async function timedSearch(q: string) {
  const started = Date.now();
  const response = await api.get(`/api/v2/users?${new URLSearchParams({ q, search_engine: 'v3' })}`);
  return { response, ms: Date.now() - started };
}

describe('search timeout (503 after 2 s)', () => {
  it('answers 503 at 2 s with Auth0 error shape when the search would take longer', async () => {
    await admin('/__admin/faults', { slowSearchMs: 5000 });
    const { response, ms } = await timedSearch('email:*@example.com');
    expect(response.status).toBe(503);
    expect(await json(response)).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: searchTimeoutMessage,
    });
    expect(ms).toBeGreaterThanOrEqual(1950);
    expect(ms).toBeLessThan(3500);
  });

  it('a slow search under the timeout still answers, late; the timeout itself is adjustable', async () => {
    await admin('/__admin/timing', { searchTimeoutMs: 400 });
    await admin('/__admin/faults', { slowSearchMs: 200 });
    const slow = await timedSearch('');
    expect(slow.response.status).toBe(200);
    expect((await json(slow.response)).length).toBeGreaterThan(0);
    expect(slow.ms).toBeGreaterThanOrEqual(190);

    await admin('/__admin/faults', { slowSearchMs: 400 });
    const timedOut = await timedSearch('');
    expect(timedOut.response.status).toBe(503);
    expect(timedOut.ms).toBeGreaterThanOrEqual(390);
    expect(timedOut.ms).toBeLessThan(1500);
  });

  it('slows only the searches whose q contains slowSearchQuery, and never users-by-email', async () => {
    await admin('/__admin/timing', { searchTimeoutMs: 300 });
    await admin('/__admin/faults', { slowSearchMs: 10_000, slowSearchQuery: 'app_metadata.' });
    expect((await timedSearch('app_metadata.plan:gold')).response.status).toBe(503);
    const fast = await timedSearch('email:*@example.com');
    expect(fast.response.status).toBe(200);
    expect(fast.ms).toBeLessThan(250);
    const email = [...tenant.state.users.values()][0].email;
    const byEmail = await api.get(`/api/v2/users-by-email?email=${encodeURIComponent(email)}`);
    expect(byEmail.status).toBe(200);
    expect(await json(byEmail)).toHaveLength(1);
  });
});

describe('URL length (414)', () => {
  /** A users URL of exactly `bytes` bytes, padded in `fields` (cheap to answer, unlike a long query). */
  const searchOfLength = (bytes: number) => {
    const prefix = '/api/v2/users?per_page=1&fields=email,';
    return prefix + 'a'.repeat(bytes - prefix.length);
  };

  it(`accepts a ${maxRequestTargetBytes}-byte request target and answers 414 past it`, async () => {
    expect((await api.get(searchOfLength(maxRequestTargetBytes))).status).toBe(200);
    const refused = await api.get(searchOfLength(maxRequestTargetBytes + 1));
    expect(refused.status).toBe(414);
    expect(await refused.text()).toContain('414 Request-URI Too Large');
    // Far longer URLs (past Node's own 16 KiB header limit) get the same answer, not a bare 431.
    expect((await api.get(searchOfLength(40_000))).status).toBe(414);
  });

  it('refuses the preflight too, so a browser sees a failed fetch; a refused URL costs no rate limit', async () => {
    const url = `${tenant.url}${searchOfLength(maxRequestTargetBytes + 100)}`;
    const preflight = await fetch(url, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://127.0.0.1:5173',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.status).toBe(414);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();

    await admin('/__admin/plan', { plan: 'free' }); // burst of 2
    for (let i = 0; i < 5; i++) expect((await api.get(searchOfLength(9000))).status).toBe(414);
    expect((await api.get('/api/v2/users?per_page=1')).status).toBe(200);
  });
});
