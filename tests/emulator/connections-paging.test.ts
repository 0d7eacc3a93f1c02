import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTenant, type RunningTenant } from './index';
import { apiClient, type Api, json } from './test-helpers';

let tenant: RunningTenant;
let api: Api;

beforeAll(async () => {
  tenant = await startTenant({ userCount: 5, plan: 'off' });
  api = apiClient(tenant, await tenant.mintToken());
});
afterAll(() => tenant.close());

/** Follows `next` from the first page until a page comes without one. */
async function walk(params: Record<string, string>) {
  const pages: { names: string[]; next?: string }[] = [];
  let from: string | undefined;
  do {
    const query = new URLSearchParams({ ...params, ...(from ? { from } : {}) });
    const response = await api.get(`/api/v2/connections?${query}`);
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(Object.keys(body).sort()).toEqual(body.next ? ['connections', 'next'] : ['connections']);
    pages.push({ names: body.connections.map((c: { name: string }) => c.name), next: body.next });
    from = body.next;
  } while (from && pages.length < 10);
  return pages;
}

describe('GET /api/v2/connections with checkpoint paging (from/take)', () => {
  it('walks every connection exactly once, in the same order as page/per_page', async () => {
    const offset = await json(await api.get('/api/v2/connections?per_page=100'));
    const everyName = offset.map((c: { name: string }) => c.name);
    expect(everyName).toHaveLength(4);
    const pages = await walk({ take: '3' });
    expect(pages.map((p) => p.names.length)).toEqual([3, 1]);
    expect(pages.flatMap((p) => p.names)).toEqual(everyName);
    expect(pages[0].next).toBe(tenant.state.connections[3].id);
  });

  it('applies the strategy filter before paging and ignores include_totals', async () => {
    const pages = await walk({ take: '1', strategy: 'auth0', include_totals: 'true' });
    expect(pages.map((p) => p.names)).toEqual([
      ['Username-Password-Authentication'],
      ['partners-db'],
      ['legacy-members'],
    ]);
  });

  it('answers a first page of 50 for `take` alone… and from alone; refuses bad take, unknown from, or mixed paging', async () => {
    const first = await json(await api.get('/api/v2/connections?take=50'));
    expect(first.connections).toHaveLength(4);
    expect(first.next).toBeUndefined();
    const second = tenant.state.connections[1].id;
    const fromOnly = await json(await api.get(`/api/v2/connections?from=${second}`));
    expect(fromOnly.connections.map((c: { id: string }) => c.id)).toEqual(
      tenant.state.connections.slice(1).map((c) => c.id),
    );
    for (const bad of [
      'take=0',
      'take=101',
      'take=x',
      'from=con_nope',
      'take=2&page=1',
      'from=x&per_page=2',
    ]) {
      const response = await api.get(`/api/v2/connections?${bad}`);
      expect(response.status, bad).toBe(400);
      expect((await json(response)).errorCode, bad).toBe('invalid_query_string');
    }
  });
});
