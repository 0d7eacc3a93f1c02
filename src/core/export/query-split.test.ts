import { describe, expect, it } from 'vitest';
import { planQuerySplit, rangeQuery } from './query-split';
import type { QuerySplitPorts } from './query-split';

interface FakeUser {
  created: number;
  plan: string;
}

/** A fake search over users: understands `created_at:[A TO B}` and an optional `(plan:X) AND` in front. */
function fakeTenant(users: FakeUser[], drift = 0): QuerySplitPorts & { counts: string[] } {
  const counts: string[] = [];
  const matching = (query: string): FakeUser[] => {
    const plan = /^\(?plan:(\w+)\)?/.exec(query)?.[1];
    const range = /created_at:\[(\S+) TO (\S+)\}/.exec(query);
    return users.filter(
      (u) =>
        (plan === undefined || u.plan === plan) &&
        (!range || (u.created >= Date.parse(range[1]) && u.created < Date.parse(range[2]))),
    );
  };
  return {
    counts,
    async count(query) {
      counts.push(query);
      return matching(query).length + (query.includes('created_at') ? 0 : drift);
    },
    async probe(query) {
      const found = matching(query).map((u) => u.created);
      if (found.length === 0) return null;
      return {
        oldest: new Date(Math.min(...found)).toISOString(),
        newest: new Date(Math.max(...found)).toISOString(),
      };
    },
  };
}

const start = Date.parse('2024-01-01T00:00:00.000Z');

function spreadUsers(count: number): FakeUser[] {
  return Array.from({ length: count }, (_, i) => ({
    created: start + i * 997 + (i % 7) * 13,
    plan: i % 3 === 0 ? 'pro' : 'free',
  }));
}

describe('planQuerySplit', () => {
  it('keeps a small result as the one query it is', async () => {
    const tenant = fakeTenant(spreadUsers(600));
    const plan = await planQuerySplit('plan:pro', tenant);
    expect(plan.parts).toEqual([{ query: 'plan:pro', from: null, to: null, count: 200, tooLarge: null }]);
    expect(plan).toMatchObject({ total: 200, sumOfParts: 200, complete: true, countQueries: 1 });
  });

  it('splits 10k users into created_at parts of at most 900 that cover everyone exactly once', async () => {
    const users = spreadUsers(10_000);
    const tenant = fakeTenant(users);
    const plan = await planQuerySplit('', tenant);
    expect(plan.complete).toBe(true);
    expect(plan.total).toBe(10_000);
    expect(plan.sumOfParts).toBe(10_000);
    expect(plan.parts.every((p) => p.count <= 900 && p.count > 0 && p.tooLarge === null)).toBe(true);
    for (let i = 1; i < plan.parts.length; i++) expect(plan.parts[i].from).toBe(plan.parts[i - 1].to);
    expect(plan.parts[0].from).toBe('2024-01-01T00:00:00.000Z');
    expect(Date.parse(plan.parts.at(-1)?.to ?? '')).toBe(Math.max(...users.map((u) => u.created)) + 1);
    expect(plan.countQueries).toBe(tenant.counts.length);
    expect(plan.statement).toBe(
      `${plan.parts.length} queries cover 10000 of the 10000 users the search reports.`,
    );
  });

  it('keeps the base query in every part', async () => {
    const tenant = fakeTenant(spreadUsers(6000));
    const plan = await planQuerySplit('plan:pro', tenant, { maxPerPart: 500 });
    expect(plan).toMatchObject({ complete: true, total: 2000, sumOfParts: 2000 });
    expect(plan.parts.every((p) => p.query.startsWith('(plan:pro) AND created_at:[') && p.count <= 500)).toBe(
      true,
    );
  });

  it('reports a millisecond holding more than 1000 users honestly', async () => {
    const burst = Array.from({ length: 1500 }, () => ({ created: start + 5000, plan: 'free' }));
    const tenant = fakeTenant([...spreadUsers(800), ...burst]);
    const plan = await planQuerySplit('', tenant);
    const crowded = plan.parts.filter((p) => p.tooLarge === 'same-millisecond');
    expect(crowded).toHaveLength(1);
    expect(crowded[0]).toMatchObject({
      count: 1500,
      from: '2024-01-01T00:00:05.000Z',
      to: '2024-01-01T00:00:05.001Z',
    });
    expect(plan.sumOfParts).toBe(2300);
    expect(plan.unreachable).toBe(500);
    expect(plan.complete).toBe(false);
    expect(plan.statement).toContain(
      '1500 users were created in the same millisecond (2024-01-01T00:00:05.000Z)',
    );
    expect(plan.statement).toContain('500 will be missing');
  });

  it('accepts a crowded millisecond that still fits under the paging cap', async () => {
    const burst = Array.from({ length: 950 }, () => ({ created: start, plan: 'free' }));
    const plan = await planQuerySplit(
      '',
      fakeTenant([...burst, ...spreadUsers(100).map((u) => ({ ...u, created: u.created + 10 }))]),
    );
    expect(plan.parts[0]).toMatchObject({ count: 950, tooLarge: 'same-millisecond' });
    expect(plan.complete).toBe(true);
  });

  it('says when the parts do not add up to the total', async () => {
    const plan = await planQuerySplit('', fakeTenant(spreadUsers(3000), 4));
    expect(plan).toMatchObject({ total: 3004, sumOfParts: 3000, complete: false });
    expect(plan.statement).toContain('add up to 3000, not 3004');
  });

  it('stops at the query budget and says what is missing', async () => {
    const plan = await planQuerySplit('', fakeTenant(spreadUsers(20_000)), { maxCountQueries: 3 });
    expect(plan.countQueries).toBeLessThanOrEqual(3);
    expect(plan.parts.some((p) => p.tooLarge === 'query-budget')).toBe(true);
    expect(plan.complete).toBe(false);
    expect(plan.statement).toContain('Planning stopped after 3 count queries');
  });

  it('explains when the date range cannot be read', async () => {
    const tenant = fakeTenant(spreadUsers(2000));
    const plan = await planQuerySplit('', {
      ...tenant,
      probe: async () => ({ oldest: 'soon', newest: 'later' }),
    });
    expect(plan).toMatchObject({ parts: [], complete: false, unreachable: 2000 });
    expect(plan.statement).toContain('cannot be split');
  });

  it('returns no parts for an empty result', async () => {
    expect(await planQuerySplit('plan:none', fakeTenant(spreadUsers(10)))).toMatchObject({
      parts: [],
      total: 0,
      complete: true,
    });
  });
});

describe('rangeQuery', () => {
  it('wraps the base query and uses a half-open range', () => {
    expect(rangeQuery('email:*@x.io OR name:a', 'A', 'B')).toBe(
      '(email:*@x.io OR name:a) AND created_at:[A TO B}',
    );
    expect(rangeQuery('  ', 'A', 'B')).toBe('created_at:[A TO B}');
  });
});
