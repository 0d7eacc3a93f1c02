import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTenant, type RunningTenant } from './index';
import { apiClient, type Api, json } from './test-helpers';

let tenant: RunningTenant;
let api: Api;

beforeAll(async () => {
  tenant = await startTenant({ userCount: 20, plan: 'off' });
  api = apiClient(tenant, await tenant.mintToken());
});
afterAll(() => tenant.close());
beforeEach(async () => {
  await fetch(`${tenant.url}/__admin/reset`, { method: 'POST' });
});

const setFaults = (faults: Record<string, unknown>) =>
  fetch(`${tenant.url}/__admin/faults`, { method: 'POST', body: JSON.stringify(faults) });

describe('faults on demand', () => {
  it('fails the next N requests matching a path with 503, then recovers', async () => {
    await setFaults({ failNext: { count: 2, status: 503, path: '/api/v2/users' } });
    expect((await api.get('/api/v2/connections')).status).toBe(200);
    const first = await api.get('/api/v2/users?per_page=1');
    expect(first.status).toBe(503);
    expect((await json(first)).error).toBe('Service Unavailable');
    expect((await api.get('/api/v2/users?per_page=1')).status).toBe(503);
    expect((await api.get('/api/v2/users?per_page=1')).status).toBe(200);
  });

  it('drops the connection without an answer', async () => {
    await setFaults({ dropNext: { count: 1 } });
    await expect(api.get('/api/v2/users?per_page=1')).rejects.toThrow();
    expect((await api.get('/api/v2/users?per_page=1')).status).toBe(200);
  });

  it('adds latency to matching requests only', async () => {
    await setFaults({ latencyMs: 250, latencyPath: '/api/v2/connections' });
    let started = Date.now();
    await api.get('/api/v2/connections');
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    started = Date.now();
    await api.get('/api/v2/users?per_page=1');
    expect(Date.now() - started).toBeLessThan(200);
  });

  it('counts requests per route and reports its state; reset clears faults', async () => {
    await api.get('/api/v2/connections');
    await api.get('/api/v2/connections');
    const counters = await json(await fetch(`${tenant.url}/__admin/counters`));
    expect(counters.byRoute['GET /api/v2/connections']).toBe(2);
    await setFaults({ latencyMs: 5 });
    const state = await json(await fetch(`${tenant.url}/__admin/state`));
    expect(state).toMatchObject({
      url: tenant.url,
      exportFilesUrl: tenant.exportFilesUrl,
      faults: { latencyMs: 5 },
    });
    await fetch(`${tenant.url}/__admin/reset`, { method: 'POST' });
    expect((await json(await fetch(`${tenant.url}/__admin/state`))).faults).toEqual({});
  });
});
