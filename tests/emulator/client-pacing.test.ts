/**
 * Ferry's API client (src/api) against the emulator's guess of Auth0's Free-plan bucket, on a fake clock: the
 * request pattern of an import with two running jobs (create, polls, errors, next create), sent from two loops at
 * once, with requests arriving at the tenant a little late and unevenly. A well-paced client gets no 429.
 */
import { describe, expect, it } from 'vitest';
import { ManagementClient } from '../../src/api/client';
import { FakeClock } from '../../src/api/testing/fake-clock';
import { json } from '../../src/api/testing/fake-fetch';
import { createPrng } from './prng';
import { RateLimiter } from './rate-limit';

interface Tenant {
  fetch: typeof fetch;
  /** Arrival times (fake ms) of the requests the bucket accepted, and how many it refused. */
  accepted: number[];
  refused: number;
}

/**
 * A tenant whose bucket counts each request when it arrives: `delayMs` after it was sent (never before an earlier
 * one: one connection keeps order), answering `latencyMs` later.
 */
function pacedTenant(clock: FakeClock, seed: number): Tenant {
  const limiter = new RateLimiter(() => 'free');
  const random = createPrng(seed);
  const tenant: Tenant = { fetch: undefined as unknown as typeof fetch, accepted: [], refused: 0 };
  let lastArrival = 0;
  tenant.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const path = new URL(String(input)).pathname;
    const arrival = Math.max(lastArrival, clock.now() + random.int(0, 150));
    lastArrival = arrival;
    const decision = limiter.take(init?.method ?? 'GET', path, arrival)!;
    await clock.sleep(arrival - clock.now() + random.int(20, 300));
    if (!decision.allowed) {
      tenant.refused++;
      return json(429, { statusCode: 429 }, { 'x-ratelimit-reset': String(decision.reset) });
    }
    tenant.accepted.push(arrival);
    return json(200, { id: 'job_1', status: 'completed' });
  }) as typeof fetch;
  return tenant;
}

/** The most arrivals within any `windowMs` (arrivals in time order). */
function busiest(arrivals: readonly number[], windowMs: number): number {
  let most = 0;
  for (let first = 0, last = 0; last < arrivals.length; last++) {
    while (arrivals[last] - arrivals[first] >= windowMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

/** One running-job loop of an import: create a job, poll it until done (1 s, then 1.5 s, ...), read its errors. */
async function jobLoop(client: ManagementClient, clock: FakeClock, parts: number, lane: number) {
  const signal = new AbortController().signal;
  for (let part = 0; part < parts; part++) {
    await client.send({ method: 'POST', path: 'jobs/users-imports', retry: 'rate-limit', signal });
    const id = `job_${lane}_${part}`;
    let interval = 1_000;
    for (let poll = 0; poll < 3; poll++) {
      await clock.sleep(interval, signal);
      await client.send({ method: 'GET', path: `jobs/${id}`, signal });
      interval *= 1.5;
    }
    await client.send({ method: 'GET', path: `jobs/${id}/errors`, signal });
  }
}

describe('the API client against the Free plan bucket (2 req/s)', () => {
  it('gets no 429 from the request bursts of an import with two running jobs', async () => {
    for (const seed of [1, 2, 3]) {
      const clock = new FakeClock();
      const tenant = pacedTenant(clock, seed);
      const client = new ManagementClient({
        credentials: async () => ({ apiBaseUrl: 'https://acme.example/api/v2/', accessToken: 't' }),
        plan: () => 'free',
        fetch: tenant.fetch,
        clock,
      });
      // Two loops at once, plus a third reader (a History re-check) joining halfway.
      const lanes = [jobLoop(client, clock, 8, 0), jobLoop(client, clock, 8, 1)];
      lanes.push(clock.sleep(10_000).then(() => jobLoop(client, clock, 2, 2)));
      await clock.settle(Promise.all(lanes));
      expect(tenant.refused, `seed ${seed}`).toBe(0);
      expect(tenant.accepted).toHaveLength(2 * 8 * 5 + 2 * 5);
      // The pattern really pushes the limit: over its busiest 10 s the tenant got close to 2 req/s less 10 %.
      expect(busiest(tenant.accepted, 10_000)).toBeGreaterThanOrEqual(17);
    }
  });
});
