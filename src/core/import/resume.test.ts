import { describe, expect, it } from 'vitest';
import { checkAccounting } from './accounting';
import { runImport } from './run-import';
import type { UncertainStrategy } from './resolve-uncertain';
import { FakeWorld, plannedRun, userInputs, type SessionHooks } from './testing/fake-world';
import type { ImportRun } from './types';

const go = new AbortController().signal;

/** Runs until `crashAt` kills the first session (like a closed tab), then resumes from the store in a new one. */
async function crashAndResume(
  crashAt: (world: FakeWorld, crash: () => void) => SessionHooks,
  strategy: UncertainStrategy = 'check-by-email',
  reopenAfterMs = 0,
) {
  const world = new FakeWorld();
  world.tenant.jobDurationMs = 20_000;
  const { run, records } = await plannedRun(world, userInputs('users.json', 150));
  let crash = () => {};
  const first = world.session(
    crashAt(world, () => crash()),
    records,
  );
  crash = first.crash;
  void runImport(run, first, go);
  // Let the first tab run until it is dead (its calls never return once crashed).
  for (let i = 0; i < 200; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  world.time += reopenAfterMs;
  const saved = world.loadRun(run.id)!;
  const resumed = await runImport(structuredClone(saved), world.session({}, records), go, {
    uncertain: strategy,
  });
  const report = await checkAccounting(world.loadRun(run.id)!, world.readOutcomes(run.id));
  return { world, saved, resumed, report };
}

const timesSent = (world: FakeWorld) => {
  const counts = new Map<string, number>();
  for (const email of world.tenant.sent.flat()) counts.set(email, (counts.get(email) ?? 0) + 1);
  return counts;
};

const savedWith =
  (predicate: (run: ImportRun) => boolean, crash: () => void): SessionHooks['afterSaveRun'] =>
  (run) => {
    if (predicate(run)) crash();
  };

describe('resume after a crash', () => {
  it('before any send: every chunk is sent once', async () => {
    const { world, saved, resumed, report } = await crashAndResume((_, crash) => ({
      afterSaveRun: savedWith((run) => run.status === 'running', crash),
    }));
    expect(saved.chunks.every((c) => c.status === 'planned')).toBe(true);
    expect(resumed.status).toBe('finished');
    expect([...timesSent(world).values()].every((n) => n === 1)).toBe(true);
    expect(report.balanced).toBe(true);
    expect(report.counts.inserted).toBe(150);
  });

  it('during a send that never reached Auth0: uncertain, checked by email, sent once', async () => {
    const { world, saved, resumed, report } = await crashAndResume((w, crash) => ({
      beforeCreate: () => w.tenant.sent.length === 1 && crash(),
    }));
    expect(saved.chunks[1].status).toBe('submitting');
    expect(resumed.status).toBe('finished');
    expect([...timesSent(world).values()].every((n) => n === 1)).toBe(true);
    expect(resumed.chunks[1].resend?.records?.length).toBe(resumed.chunks[1].recordCount);
    expect(report.balanced).toBe(true);
    expect(report.counts.inserted).toBe(150);
  });

  it('during a send whose answer was lost: the users are found and not sent again', async () => {
    const { world, saved, resumed, report } = await crashAndResume(
      (w, crash) => ({ afterCreate: () => w.tenant.sent.length === 2 && crash() }),
      'check-by-email',
      10 * 60_000,
    );
    expect(saved.chunks[1].status).toBe('submitting');
    expect(saved.chunks[1].jobId).toBeUndefined();
    expect(resumed.status).toBe('finished');
    expect([...timesSent(world).values()].every((n) => n === 1)).toBe(true);
    expect(resumed.chunks[1].status).toBe('completed');
    expect(report.balanced).toBe(true);
    expect(report.counts.imported).toBe(resumed.chunks[1].recordCount);
    expect(report.counts.inserted).toBe(150 - resumed.chunks[1].recordCount);
  });

  it('answer lost, resent at once while the lost job still runs: "already exists" counts as imported', async () => {
    const { world, resumed, report } = await crashAndResume(
      (w, crash) => ({ afterCreate: () => w.tenant.sent.length === 1 && crash() }),
      'resend',
    );
    expect(resumed.status).toBe('finished');
    // Sent twice, explicitly: the chunk's users went out in the lost job and once more.
    const chunk0 = resumed.chunks[0];
    expect(chunk0.resend?.duplicatesAreDone).toBe(true);
    expect(world.tenant.sent.length).toBe(resumed.chunks.length + 1);
    expect(world.tenant.users.size).toBe(150);
    expect(report.balanced).toBe(true);
    expect(report.counts.failed).toBe(0);
  });

  it('after the job id was saved: the job is polled, never sent again', async () => {
    const { world, saved, resumed, report } = await crashAndResume((_, crash) => ({
      afterSaveRun: savedWith((run) => run.chunks[0].jobId !== undefined, crash),
    }));
    expect(saved.chunks[0].status).toBe('pending');
    expect(resumed.status).toBe('finished');
    expect([...timesSent(world).values()].every((n) => n === 1)).toBe(true);
    expect(report.balanced).toBe(true);
  });

  it('during polling: jobs are polled again, nothing sent twice', async () => {
    let polls = 0;
    const { world, resumed, report } = await crashAndResume((_, crash) => ({
      beforeGetJob: () => ++polls === 3 && crash(),
    }));
    expect(resumed.status).toBe('finished');
    expect([...timesSent(world).values()].every((n) => n === 1)).toBe(true);
    expect(report.balanced).toBe(true);
    expect(report.counts.inserted).toBe(150);
  });

  it('between saving outcomes and marking the chunk done: outcomes are written again, not counted twice', async () => {
    const { world, saved, resumed, report } = await crashAndResume((_, crash) => ({
      afterSaveOutcomes: crash,
    }));
    expect(saved.chunks.some((c) => c.status === 'completed')).toBe(false);
    expect(resumed.status).toBe('finished');
    expect([...timesSent(world).values()].every((n) => n === 1)).toBe(true);
    expect(report.balanced).toBe(true);
    expect(report.duplicateCount).toBe(0);
  });

  it('with strategy "ask", an uncertain chunk is left for the user and the run needs a decision', async () => {
    const { world, resumed, report } = await crashAndResume(
      (w, crash) => ({ beforeCreate: () => w.tenant.sent.length === 1 && crash() }),
      'ask',
    );
    expect(resumed.status).toBe('needs-decision');
    expect(resumed.chunks[1].status).toBe('uncertain');
    expect(world.tenant.sent.flat()).not.toContain(JSON.parse('"user-40@example.com"'));
    expect(report.missingCount).toBe(resumed.chunks[1].recordCount);
    expect(report.balanced).toBe(false);
  });
});

describe('uncertain chunk resolved by email lookup', () => {
  it('sends only the users not found when some exist', async () => {
    const world = new FakeWorld();
    const { run, records } = await plannedRun(world, userInputs('users.json', 20));
    run.chunks[0].status = 'uncertain';
    // Half of the chunk made it in before the tab closed.
    for (let n = 0; n < 10; n++) {
      const email = `user-${n}@example.com`;
      world.tenant.users.set(email, { user_id: `auth0|${n}`, email, identities: [{ connection: 'Users' }] });
    }
    // A user with the same email in another connection does not count.
    world.tenant.users.set('user-10@example.com', {
      user_id: 'google|1',
      email: 'user-10@example.com',
      identities: [{ connection: 'google-oauth2' }],
    });
    const done = await runImport(run, world.session({}, records), go, { uncertain: 'check-by-email' });
    expect(done.status).toBe('finished');
    expect(done.chunks).toHaveLength(1);
    expect(world.tenant.sent).toEqual([Array.from({ length: 10 }, (_, i) => `user-${i + 10}@example.com`)]);
    expect(world.tenant.sent[0]).not.toContain('user-3@example.com');
    expect(world.tenant.sent[0]).toContain('user-10@example.com');
    const report = await checkAccounting(done, world.readOutcomes(run.id));
    expect(report.balanced).toBe(true);
    expect(report.counts.imported).toBe(10);
  });

  it('looks several users up at once, at most six, and keeps the chunk order of those sent again', async () => {
    const world = new FakeWorld();
    const { run, records } = await plannedRun(world, userInputs('users.json', 40));
    run.chunks[0].status = 'uncertain';
    const inChunk = Array.from({ length: run.chunks[0].recordCount }, (_, n) => n);
    expect(inChunk.length).toBeGreaterThan(20);
    // Every third user of the chunk made it in.
    for (const n of inChunk.filter((n) => n % 3 === 0)) {
      const email = `user-${n}@example.com`;
      world.tenant.users.set(email, { user_id: `auth0|${n}`, email, identities: [{ connection: 'Users' }] });
    }
    const session = world.session({}, records);
    const lookUp = session.api.usersByEmail.bind(session.api);
    let inFlight = 0;
    let mostInFlight = 0;
    session.api.usersByEmail = async (email, signal) => {
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      // Answers arrive out of order: later users sooner.
      const n = Number(/user-(\d+)@/.exec(email)?.[1]);
      await new Promise((resolve) => setTimeout(resolve, 40 - n));
      inFlight--;
      return lookUp(email, signal);
    };
    const done = await runImport(run, session, go, { uncertain: 'check-by-email' });
    expect(mostInFlight).toBe(6);
    expect(done.status).toBe('finished');
    const notFound = inChunk.filter((n) => n % 3 !== 0).map((n) => `user-${n}@example.com`);
    expect(world.tenant.sent[0]).toEqual(notFound);
    const report = await checkAccounting(done, world.readOutcomes(run.id));
    expect(report.balanced).toBe(true);
    expect(report.counts.imported).toBe(inChunk.length - notFound.length);
    expect(report.counts.failed).toBe(0);
  });
});
