import { describe, expect, it } from 'vitest';
import { ManagementClient, type ApiRequest } from './client';
import { ApiError, isApiError } from './problems';
import type { PlanPreset } from './rate-limit';
import { FakeClock } from './testing/fake-clock';
import { json, scriptedFetch, type Answer } from './testing/fake-fetch';

const TOKEN = 'eyJ.secret-token.sig';
const BASE = 'https://acme.eu.auth0.com/api/v2/';

function setup(answers: Answer[], plan: PlanPreset = 'enterprise', random = () => 0.5) {
  const clock = new FakeClock();
  const { fetch, sent } = scriptedFetch(answers);
  const client = new ManagementClient({
    credentials: async () => ({ apiBaseUrl: BASE, accessToken: TOKEN }),
    plan: () => plan,
    fetch,
    clock,
    random,
  });
  const send = (request: Partial<ApiRequest> = {}) =>
    clock.settle(
      client.send({ method: 'GET', path: 'connections', signal: new AbortController().signal, ...request }),
    );
  return { clock, sent, client, send };
}

async function problemOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected ApiError, got ${String(error)}`);
  return error.problem;
}

describe('ManagementClient headers and URLs', () => {
  it('sends only Authorization on a GET, with the token from the session, never in the URL', async () => {
    const { sent, send } = setup([json(200, [])]);
    await send({ query: { strategy: ['auth0'], per_page: 100 } });
    expect(sent[0].url).toBe(`${BASE}connections?strategy=auth0&per_page=100`);
    expect([...sent[0].headers.keys()]).toEqual(['authorization']);
    expect(sent[0].headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(sent[0].url).not.toContain('secret');
  });

  it('adds Content-Type only for a JSON body, and leaves multipart to the browser', async () => {
    const { sent, send } = setup([json(201, { ok: 1 }), json(202, { ok: 2 })]);
    await send({ method: 'POST', path: 'jobs/users-exports', body: { json: { format: 'csv' } } });
    const form = new FormData();
    form.append('upsert', 'false');
    await send({ method: 'POST', path: 'jobs/users-imports', body: { form } });
    expect(sent[0].headers.get('content-type')).toBe('application/json');
    expect(sent[0].body).toBe('{"format":"csv"}');
    expect([...sent[1].headers.keys()]).toEqual(['authorization']);
    expect(sent[1].body).toBe(form);
  });

  it('reads the token at call time, so a renewed token is used by the next request', async () => {
    let token = 'first';
    const { fetch, sent } = scriptedFetch([json(200, []), json(200, [])]);
    const client = new ManagementClient({
      credentials: async () => ({ apiBaseUrl: 'https://gw.example.org/auth0/api/v2', accessToken: token }),
      plan: () => 'enterprise',
      fetch,
    });
    const signal = new AbortController().signal;
    await client.send({ method: 'GET', path: 'users', signal });
    token = 'second';
    await client.send({ method: 'GET', path: 'users', signal });
    expect(sent.map((s) => s.headers.get('authorization'))).toEqual(['Bearer first', 'Bearer second']);
    expect(sent[0].url).toBe('https://gw.example.org/auth0/api/v2/users');
  });

  it('returns null for an empty 204 answer', async () => {
    const { send } = setup([new Response(null, { status: 204 })]);
    expect(await send()).toEqual({ status: 204, body: null });
  });
});

describe('ManagementClient pacing', () => {
  it('on the free plan sends one request at once and then one every 556 ms (2/s less a 10 % margin, burst 2 less one)', async () => {
    const answers = Array.from({ length: 6 }, () => json(200, []));
    const { clock, client } = setup(answers, 'free');
    const signal = new AbortController().signal;
    const start = clock.now();
    const times: number[] = [];
    const all = Promise.all(
      Array.from({ length: 6 }, () =>
        client.send({ method: 'GET', path: 'users', signal }).then(() => times.push(clock.now() - start)),
      ),
    );
    await clock.settle(all);
    expect(times).toEqual([0, 556, 1112, 1668, 2224, 2780]);
  });

  it('on essentials paces /connections (burst 5, Ferry 4) apart from /users reads (burst 40, Ferry 36)', async () => {
    const answers = Array.from({ length: 7 }, () => json(200, []));
    const { clock, client } = setup(answers, 'essentials');
    const signal = new AbortController().signal;
    const start = clock.now();
    const connectionTimes: number[] = [];
    const jobs = Array.from({ length: 6 }, () =>
      client
        .send({ method: 'GET', path: 'connections', signal })
        .then(() => connectionTimes.push(clock.now() - start)),
    );
    let userTime = -1;
    jobs.push(
      client.send({ method: 'GET', path: 'users', signal }).then(() => (userTime = clock.now() - start)),
    );
    await clock.settle(Promise.all(jobs));
    expect(connectionTimes.slice(0, 4)).toEqual([0, 0, 0, 0]);
    // 50/min less 10 %: one token every 1.33 s.
    expect(connectionTimes.slice(4)).toEqual([1334, 2667]);
    expect(userTime).toBe(0);
  });

  it('follows a change of plan for the next request', async () => {
    let plan: PlanPreset = 'enterprise';
    const clock = new FakeClock();
    const { fetch } = scriptedFetch(Array.from({ length: 4 }, () => json(200, [])));
    const client = new ManagementClient({
      credentials: async () => ({ apiBaseUrl: BASE, accessToken: TOKEN }),
      plan: () => plan,
      fetch,
      clock,
    });
    const signal = new AbortController().signal;
    await clock.settle(Promise.all([1, 2].map(() => client.send({ method: 'GET', path: 'users', signal }))));
    plan = 'free';
    const start = clock.now();
    await clock.settle(Promise.all([1, 2].map(() => client.send({ method: 'GET', path: 'users', signal }))));
    expect(clock.now() - start).toBe(556); // a fresh free bucket holds 1: the second waits for its token
    expect(clock.sleeps).toEqual([556]);
  });
});

describe('ManagementClient retries', () => {
  it('retries a 429 after the readable x-ratelimit-reset instead of guessing', async () => {
    const clock = new FakeClock();
    const reset = String(Math.floor(clock.now() / 1000) + 3);
    const { fetch, sent } = scriptedFetch([
      json(429, { statusCode: 429, message: 'Too Many Requests' }, { 'x-ratelimit-reset': reset }),
      json(200, [{ id: 'con_1' }]),
    ]);
    const client = new ManagementClient({
      credentials: async () => ({ apiBaseUrl: BASE, accessToken: TOKEN }),
      plan: () => 'enterprise',
      fetch,
      clock,
      random: () => 0,
    });
    const start = clock.now();
    const result = await clock.settle(
      client.send({ method: 'GET', path: 'connections', signal: new AbortController().signal }),
    );
    expect(result.status).toBe(200);
    expect(sent).toHaveLength(2);
    expect(clock.now()).toBeGreaterThanOrEqual(Number(reset) * 1000);
    expect(clock.now() - start).toBeLessThan(3_500);
  });

  it('without a readable reset header backs off with full jitter that doubles each retry', async () => {
    const limited = () => json(429, { message: 'Too Many Requests' });
    const { clock, send } = setup(
      [limited(), limited(), limited(), json(200, [])],
      'enterprise',
      () => 0.999,
    );
    await send();
    // random 0.999 of ceilings 500, 1000, 2000 ms
    expect(clock.sleeps).toEqual([499, 999, 1998]);
  });

  it('gives up with RateLimited after the retry budget', async () => {
    const answers = Array.from({ length: 6 }, () => json(429, { message: 'Too Many Requests' }));
    const { sent, send } = setup(answers);
    const problem = await problemOf(send());
    expect(problem.kind).toBe('RateLimited');
    expect(sent).toHaveLength(6);
  });

  it('never retries the "2 active import jobs" 429: it is ImportJobsBusy', async () => {
    const busy = json(429, {
      statusCode: 429,
      error: 'Too Many Requests',
      message:
        'There are 2 active import users jobs, please wait until some of them are finished and try again',
    });
    const { sent, send } = setup([busy]);
    const problem = await problemOf(
      send({ method: 'POST', path: 'jobs/users-imports', body: { form: new FormData() } }),
    );
    expect(problem.kind).toBe('ImportJobsBusy');
    expect(sent).toHaveLength(1);
  });

  it('retries 5xx and network failures on reads', async () => {
    const { sent, send } = setup([
      json(503, { message: 'busy' }),
      new TypeError('Failed to fetch'),
      json(200, []),
    ]);
    expect((await send()).status).toBe(200);
    expect(sent).toHaveLength(3);
  });

  it('does not repeat an import job after a 5xx or a lost answer, and says it may have been applied', async () => {
    const { sent, send } = setup([json(502, { message: 'Bad Gateway' }), new TypeError('Failed to fetch')]);
    const request = { method: 'POST', path: 'jobs/users-imports', retry: 'rate-limit' } as const;
    const first = await problemOf(send(request));
    const second = await problemOf(send(request));
    expect(first).toMatchObject({ kind: 'ServerError', status: 502, mayHaveBeenApplied: true });
    expect(second).toMatchObject({ kind: 'Network', mayHaveBeenApplied: true });
    expect(sent).toHaveLength(2);
  });

  it('stops retrying network failures quickly (a CORS refusal never heals) and reports Network', async () => {
    const failures = Array.from({ length: 6 }, () => new TypeError('Failed to fetch'));
    const { sent, send } = setup(failures);
    const problem = await problemOf(send());
    expect(problem.kind).toBe('Network');
    expect(sent).toHaveLength(3);
  });

  it('aborting during a backoff rejects with the abort reason and sends nothing more', async () => {
    const { clock, client, sent } = setup([json(503, {}), json(200, [])]);
    const controller = new AbortController();
    const pending = client.send({ method: 'GET', path: 'users', signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 0));
    controller.abort(new DOMException('stopped', 'AbortError'));
    await expect(clock.settle(pending)).rejects.toMatchObject({ name: 'AbortError' });
    expect(sent).toHaveLength(1);
  });
});

describe('ManagementClient error mapping', () => {
  const cases: [number, unknown, string][] = [
    [
      401,
      { statusCode: 401, message: 'Expired token received for JSON Web Token validation' },
      'Unauthorized',
    ],
    [
      403,
      { statusCode: 403, message: 'Insufficient scope; expected any of: read:users.' },
      'InsufficientScope',
    ],
    [403, { statusCode: 403, message: 'Forbidden' }, 'Forbidden'],
    [404, { statusCode: 404, message: 'The job does not exist.' }, 'NotFound'],
    [413, { statusCode: 413, message: 'Payload Too Large' }, 'TooLarge'],
    [400, { statusCode: 400, message: 'Connection must be enabled.', errorCode: 'x' }, 'BadRequest'],
  ];
  it.each(cases)('maps %i to a typed problem', async (status, body, kind) => {
    const { send } = setup([json(status, body)]);
    const problem = await problemOf(send());
    expect(problem.kind).toBe(kind);
  });

  it('marks an expired token as such and keeps the expected scopes of a 403', async () => {
    const { send } = setup([
      json(401, { message: 'Expired token received for JSON Web Token validation' }),
      json(403, { message: 'Insufficient scope; expected any of: create:users,update:users.' }),
    ]);
    expect(await problemOf(send())).toMatchObject({ kind: 'Unauthorized', expired: true });
    expect(await problemOf(send())).toMatchObject({ expected: ['create:users', 'update:users'] });
  });

  it('reports a success that is not JSON (a misconfigured gateway) as UnexpectedResponse', async () => {
    const { send } = setup([new Response('<html>login</html>', { status: 200 })]);
    expect(await problemOf(send())).toMatchObject({ kind: 'UnexpectedResponse', status: 200 });
  });

  it('passes a NotSignedIn problem from the session through, without calling fetch', async () => {
    const { fetch, sent } = scriptedFetch([]);
    const client = new ManagementClient({
      credentials: async () => {
        throw new ApiError({ kind: 'NotSignedIn' });
      },
      plan: () => 'free',
      fetch,
    });
    const error = await client
      .send({ method: 'GET', path: 'users', signal: new AbortController().signal })
      .catch((e: unknown) => e);
    expect(isApiError(error, 'NotSignedIn')).toBe(true);
    expect(sent).toHaveLength(0);
  });
});
