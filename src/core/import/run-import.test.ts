import { describe, expect, it } from 'vitest';
import { checkAccounting } from './accounting';
import type { ImportPorts } from './ports';
import { runImport } from './run-import';
import { FakeApiError } from './testing/fake-tenant';
import { FakeWorld, plannedRun, userInputs } from './testing/fake-world';

const go = new AbortController().signal;

async function balanced(world: FakeWorld, runId: string) {
  const run = world.loadRun(runId)!;
  return checkAccounting(run, world.readOutcomes(runId));
}

/** Every email sent, counted: a user sent twice shows up with 2. */
function sendCounts(world: FakeWorld): Map<string, number> {
  const counts = new Map<string, number>();
  for (const email of world.tenant.sent.flat()) counts.set(email, (counts.get(email) ?? 0) + 1);
  return counts;
}

describe('runImport', () => {
  it('imports every chunk, never more than 2 jobs at once, and accounts for every record', async () => {
    const world = new FakeWorld();
    world.tenant.jobDurationMs = 60_000;
    const { run, records } = await plannedRun(world, userInputs('users.json', 600));
    expect(run.chunks.length).toBeGreaterThan(10);
    const done = await runImport(run, world.session({}, records), go);
    expect(done.status).toBe('finished');
    expect(world.tenant.maxActiveSeen).toBe(2);
    expect(world.tenant.busyAnswers).toBe(0);
    expect([...sendCounts(world).values()].every((n) => n === 1)).toBe(true);
    expect(world.tenant.users.size).toBe(600);
    const report = await balanced(world, run.id);
    expect(report.balanced).toBe(true);
    expect(report.counts.inserted).toBe(600);
    // Polling slows while a job runs long, but never beyond 15 s.
    expect(Math.max(...world.sleeps)).toBeLessThanOrEqual(15_000);
    expect(world.sleeps.some((ms) => ms > 5_000)).toBe(true);
  });

  it('waits on "2 active import users jobs" without counting it against the chunk', async () => {
    const world = new FakeWorld();
    // Another tool runs two jobs for the first 100 s.
    world.tenant.foreignUntil = [world.time + 100_000, world.time + 100_000];
    const { run, records } = await plannedRun(world, userInputs('users.json', 40));
    const done = await runImport(run, world.session({}, records), go);
    expect(done.status).toBe('finished');
    expect(world.tenant.busyAnswers).toBeGreaterThan(0);
    expect(done.chunks.every((chunk) => chunk.attempts === 1 && chunk.status === 'completed')).toBe(true);
    expect(world.tenant.sent.length).toBe(done.chunks.length);
    expect(world.time - Date.UTC(2026, 0, 1)).toBeGreaterThanOrEqual(100_000);
  });

  it('with one foreign job, sends the next chunk as soon as its own job finishes', async () => {
    const world = new FakeWorld();
    world.tenant.foreignUntil = [world.time + 10 * 60_000];
    world.tenant.jobDurationMs = 20_000;
    const { run, records } = await plannedRun(world, userInputs('users.json', 40));
    const done = await runImport(run, world.session({}, records), go);
    expect(done.status).toBe('finished');
    // One slot for 10 minutes: jobs ran one after another, each sent as soon as the previous ended (no 30 s wait).
    const starts = done.chunks.map((chunk) => chunk.submittedAt!);
    const gaps = starts.slice(1).map((start, i) => start - starts[i]);
    expect(Math.max(...gaps)).toBeLessThan(20_000 + 15_000 + 1);
    expect(done.chunks.every((chunk) => chunk.attempts === 1)).toBe(true);
  });

  it('retries server errors and network-free rate limits with waits, then imports once', async () => {
    const world = new FakeWorld();
    const { run, records } = await plannedRun(world, userInputs('users.json', 20));
    const ports = world.session({}, records);
    let failures = 2;
    const flaky: ImportPorts = {
      ...ports,
      api: {
        ...ports.api,
        createImportJob: (payload, params, signal) =>
          failures-- > 0
            ? Promise.reject(new FakeApiError('ServerError', 503, 'Service Unavailable'))
            : ports.api.createImportJob(payload, params, signal),
      },
    };
    const done = await runImport(run, flaky, go);
    expect(done.status).toBe('finished');
    expect(done.chunks[0].attempts).toBe(3);
    expect([...sendCounts(world).values()].every((n) => n === 1)).toBe(true);
    // The retry waits are long (10 s, then 20 s, jittered), not the client's short ones.
    expect(world.sleeps.slice(0, 2)).toEqual([10_000, 20_000]);
    expect((await balanced(world, run.id)).balanced).toBe(true);
  });

  it('pauses (nothing lost) when Auth0 keeps failing, and finishes on resume', async () => {
    const world = new FakeWorld();
    const { run, records } = await plannedRun(world, userInputs('users.json', 20));
    const ports = world.session({}, records);
    const down: ImportPorts = {
      ...ports,
      api: {
        ...ports.api,
        createImportJob: () => Promise.reject(new FakeApiError('ServerError', 500, 'Internal')),
      },
    };
    const paused = await runImport(run, down, go);
    expect(paused.status).toBe('paused');
    expect(paused.problem?.code).toBe('unavailable');
    expect(paused.chunks.every((chunk) => chunk.status === 'planned')).toBe(true);
    const resumed = await runImport(world.loadRun(run.id)!, world.session({}, records), go);
    expect(resumed.status).toBe('finished');
    expect((await balanced(world, run.id)).balanced).toBe(true);
  });

  it('marks every record of a job that failed as a whole as failed, with the reason', async () => {
    const world = new FakeWorld();
    world.tenant.failNextJob = true;
    const { run, records } = await plannedRun(world, userInputs('users.json', 30));
    const done = await runImport(run, world.session({}, records), go);
    expect(done.status).toBe('finished');
    expect(done.chunks[0].status).toBe('failed');
    expect(done.chunks.slice(1).every((chunk) => chunk.status === 'completed')).toBe(true);
    const failed = world.outcomeList(run.id).filter((o) => o.outcome === 'failed');
    expect(failed.length).toBe(done.chunks[0].recordCount);
    expect(failed[0].reason).toMatch(/failed as a whole.*Failed to parse users file/s);
    expect((await balanced(world, run.id)).balanced).toBe(true);
  });

  it('cancel: sends nothing more, lets running jobs finish, skips the rest', async () => {
    const world = new FakeWorld();
    world.tenant.jobDurationMs = 30_000;
    const cancel = new AbortController();
    const { run, records } = await plannedRun(world, userInputs('users.json', 100));
    const ports = world.session(
      { afterCreate: () => world.tenant.sent.length === 2 && cancel.abort() },
      records,
    );
    const done = await runImport(run, ports, go, { cancel: cancel.signal });
    expect(done.status).toBe('cancelled');
    expect(world.tenant.sent.length).toBe(2);
    expect(done.chunks.filter((c) => c.status === 'completed').length).toBe(2);
    expect(done.chunks.slice(2).every((c) => c.status === 'cancelled')).toBe(true);
    const report = await balanced(world, run.id);
    expect(report.balanced).toBe(true);
    expect(report.counts.inserted + report.counts.skipped).toBe(100);
    expect(report.counts.inserted).toBe(world.tenant.users.size);
  });

  it('stops at once on abort, saved as paused, and resumes without sending anything twice', async () => {
    const world = new FakeWorld();
    const stop = new AbortController();
    const { run, records } = await plannedRun(world, userInputs('users.json', 200));
    const ports = world.session(
      { afterCreate: () => world.tenant.sent.length === 3 && stop.abort() },
      records,
    );
    const paused = await runImport(run, ports, stop.signal);
    expect(paused.status).toBe('paused');
    expect(world.loadRun(run.id)!.status).toBe('paused');
    const resumed = await runImport(world.loadRun(run.id)!, world.session({}, records), go, {
      uncertain: 'check-by-email',
    });
    expect(resumed.status).toBe('finished');
    expect([...sendCounts(world).values()].every((n) => n === 1)).toBe(true);
    expect((await balanced(world, run.id)).balanced).toBe(true);
  });

  it('pauses when the token is refused and keeps the chunk to send later', async () => {
    const world = new FakeWorld();
    const { run, records } = await plannedRun(world, userInputs('users.json', 10));
    const ports = world.session({}, records);
    const refused: ImportPorts = {
      ...ports,
      api: {
        ...ports.api,
        createImportJob: () => Promise.reject(new FakeApiError('Unauthorized', 401, 'Expired token')),
      },
    };
    const paused = await runImport(run, refused, go);
    expect(paused.status).toBe('paused');
    expect(paused.problem).toEqual({ code: 'unauthorized', message: 'Expired token' });
    expect(paused.chunks[0].status).toBe('planned');
    expect(paused.chunks[0].attempts).toBe(0);
  });

  it('fails only the refused part on a 413 and goes on with the others', async () => {
    const world = new FakeWorld();
    const { run, records } = await plannedRun(world, userInputs('users.json', 30));
    const ports = world.session({}, records);
    let first = true;
    const tooLarge: ImportPorts = {
      ...ports,
      api: {
        ...ports.api,
        createImportJob: (payload, params, signal) => {
          if (!first) return ports.api.createImportJob(payload, params, signal);
          first = false;
          return Promise.reject(new FakeApiError('TooLarge', 413, 'Payload too large'));
        },
      },
    };
    const done = await runImport(run, tooLarge, go);
    expect(done.chunks[0].status).toBe('failed');
    const failed = world.outcomeList(run.id).filter((o) => o.outcome === 'failed');
    expect(failed.length).toBe(done.chunks[0].recordCount);
    expect(failed[0].reason).toMatch(/too large/);
    expect((await balanced(world, run.id)).balanced).toBe(true);
  });
});
