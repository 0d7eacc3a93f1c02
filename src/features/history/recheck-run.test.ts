import { describe, expect, it } from 'vitest';
import { checkAccounting, runImport, type ImportRun } from '../../core/import';
import { FakeApiError } from '../../core/import/testing/fake-tenant';
import { FakeWorld, plannedRun, userInputs } from '../../core/import/testing/fake-world';
import { recheckRun, retentionNote } from './recheck-run';

const go = () => new AbortController().signal;

/** A run of `count` users in parts of ~`chunkBytes`, stopped (like a closed tab) once every part has its job. */
async function stoppedWithJobsRunning(count = 40, chunkBytes = 1_500) {
  const world = new FakeWorld();
  world.tenant.jobDurationMs = 60_000;
  const { run, records } = await plannedRun(world, userInputs('users.json', count), { chunkBytes });
  const stop = new AbortController();
  const ports = world.session(
    {
      afterSaveRun: (saved) => {
        if (saved.chunks.every((chunk) => chunk.jobId !== undefined)) stop.abort();
      },
    },
    records,
  );
  await runImport(run, ports, stop.signal);
  const saved = world.loadRun(run.id) as ImportRun;
  return { world, records, saved };
}

async function finishedRun(count = 40) {
  const world = new FakeWorld();
  const { run, records } = await plannedRun(world, userInputs('users.json', count), { chunkBytes: 1_500 });
  await runImport(run, world.session({}, records), go());
  return { world, records, saved: world.loadRun(run.id) as ImportRun };
}

describe('recheckRun', () => {
  it('maps the jobs that ended since the run stopped, saves every outcome, and ends the run', async () => {
    const { world, records, saved } = await stoppedWithJobsRunning();
    expect(saved.status).toBe('paused');
    expect(saved.chunks.length).toBeGreaterThan(1);
    expect(world.outcomeList(saved.id)).toHaveLength(0);
    world.time += 120_000;

    const report = await recheckRun(structuredClone(saved), world.session({}, records), go());

    expect(report.status).toBe('finished');
    expect(report.parts).toHaveLength(saved.chunks.length);
    expect(report.parts.every((part) => part.updated && part.auth0Status === 'completed')).toBe(true);
    expect(report.parts[0].text).toMatch(/Ended since the run stopped: completed\. \d+ inserted/);
    const stored = world.loadRun(saved.id) as ImportRun;
    expect(stored.status).toBe('finished');
    expect(stored.chunks.every((chunk) => chunk.status === 'completed')).toBe(true);
    const accounting = await checkAccounting(stored, world.readOutcomes(saved.id));
    expect(accounting.balanced).toBe(true);
    expect(accounting.counts.inserted).toBe(40);
    // Nothing was sent again.
    expect(world.tenant.sent.flat()).toHaveLength(40);
  });

  it('leaves a job that is still running alone and says how far it is', async () => {
    const { world, records, saved } = await stoppedWithJobsRunning();
    world.time += 30_000;
    const report = await recheckRun(structuredClone(saved), world.session({}, records), go());
    expect(report.parts.every((part) => !part.updated)).toBe(true);
    expect(report.parts[0].text).toMatch(/^Still processing, \d+% done on Auth0\.$/);
    expect(report.status).toBe('paused');
    expect(world.outcomeList(saved.id)).toHaveLength(0);
  });

  it('shows what Auth0 says of final parts without rewriting their results', async () => {
    const { world, records, saved } = await finishedRun();
    const before = world.outcomeList(saved.id);
    const report = await recheckRun(structuredClone(saved), world.session({}, records), go());
    expect(report.status).toBe('finished');
    expect(report.parts.map((part) => part.auth0Status)).toEqual(saved.chunks.map(() => 'completed'));
    expect(report.parts.some((part) => part.updated)).toBe(false);
    expect(report.parts[0].text).toMatch(/^completed\. Auth0: \d+ inserted, 0 updated, 0 failed of \d+\./);
    expect(world.outcomeList(saved.id)).toEqual(before);
  });

  it('explains a final job Auth0 no longer holds (24 h retention) and keeps the stored results', async () => {
    const { world, records, saved } = await finishedRun();
    world.tenant.jobs.clear();
    const report = await recheckRun(structuredClone(saved), world.session({}, records), go());
    expect(report.parts.every((part) => part.auth0Status === 'gone')).toBe(true);
    expect(report.parts[0].text).toBe(`Auth0 no longer has this job. ${retentionNote}`);
    expect(report.summary).toContain(retentionNote);
    const accounting = await checkAccounting(
      world.loadRun(saved.id) as ImportRun,
      world.readOutcomes(saved.id),
    );
    expect(accounting.counts.inserted).toBe(40);
  });

  it('marks the records of a job that vanished while running as unknown, with the reason', async () => {
    const { world, records, saved } = await stoppedWithJobsRunning();
    world.tenant.jobs.clear();
    const report = await recheckRun(structuredClone(saved), world.session({}, records), go());
    expect(report.parts[0].auth0Status).toBe('gone');
    expect(report.parts[0].text).toMatch(
      /still running when the run stopped: whether its \d+ user\(s\) were imported is unknown/,
    );
    const outcomes = world.outcomeList(saved.id);
    expect(outcomes).toHaveLength(40);
    expect(outcomes.every((outcome) => outcome.outcome === 'unknown' && outcome.code === 'job.gone')).toBe(
      true,
    );
  });

  it('stops on a refused token instead of reporting every part as unchecked', async () => {
    const { world, records, saved } = await finishedRun();
    const ports = world.session({}, records);
    ports.api.getJob = async () => {
      throw new FakeApiError('Unauthorized', 401, 'Expired token received for JSON Web Token validation');
    };
    await expect(recheckRun(structuredClone(saved), ports, go())).rejects.toThrow(/Expired token/);
  });

  it('says so when a job could not be read for now, and changes nothing', async () => {
    const { world, records, saved } = await stoppedWithJobsRunning();
    world.time += 120_000;
    const ports = world.session({}, records);
    ports.api.getJob = async () => {
      throw new FakeApiError('ServerError', 503, 'Service Unavailable');
    };
    const report = await recheckRun(structuredClone(saved), ports, go());
    expect(report.parts.every((part) => part.auth0Status === 'unchecked')).toBe(true);
    expect(report.parts[0].text).toBe('Could not ask Auth0: Service Unavailable');
    expect((world.loadRun(saved.id) as ImportRun).status).toBe('paused');
  });
});
