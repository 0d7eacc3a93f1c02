import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTenant, type RunningTenant } from './index';
import { sweepExpiredJobs } from './job-retention';
import { TenantState } from './state';
import { apiClient, type Api, importForm, json, sleep, waitForJob } from './test-helpers';
import type { TenantContext } from './context';

let tenant: RunningTenant;
let api: Api;

beforeAll(async () => {
  tenant = await startTenant({ userCount: 5, plan: 'off', timing: { pendingMs: 10, processingMs: 10 } });
  api = apiClient(tenant, await tenant.mintToken());
});
afterAll(() => tenant.close());
beforeEach(async () => {
  await fetch(`${tenant.url}/__admin/reset`, { method: 'POST' });
});

const setTiming = (timing: Record<string, number>) =>
  fetch(`${tenant.url}/__admin/timing`, { method: 'POST', body: JSON.stringify(timing) });
const adminJobs = async () => json(await fetch(`${tenant.url}/__admin/jobs`));
const databaseId = () =>
  tenant.state.connections.find((c) => c.name === 'Username-Password-Authentication')!.id;

async function createImport(): Promise<string> {
  const response = await api.post(
    '/api/v2/jobs/users-imports',
    importForm([{ email: `kept-${Date.now()}@example.com` }], databaseId(), {
      send_completion_email: 'false',
    }),
  );
  expect(response.status).toBe(202);
  return (await json(response)).id;
}

describe('job data retention', () => {
  it('removes a job when its retention ends, on a timer, without anyone asking for it', async () => {
    await setTiming({ retentionMs: 400 });
    const id = await createImport();
    await waitForJob(api, id);
    expect((await adminJobs()).map((j: { id: string }) => j.id)).toEqual([id]);
    await sleep(550);
    // /__admin/jobs reads the store directly: the job is gone because the timer removed it.
    expect(await adminJobs()).toEqual([]);
    const gone = await api.get(`/api/v2/jobs/${id}`);
    expect(gone.status).toBe(404);
    expect((await json(gone)).message).toBe('The job does not exist.');
    expect((await api.get(`/api/v2/jobs/${id}/errors`)).status).toBe(404);
  });

  it('keeps each job for its own retention, and a shortened retention applies to jobs already held', async () => {
    await setTiming({ retentionMs: 60_000 });
    const older = await createImport();
    await sleep(150);
    const newer = await createImport();
    await setTiming({ retentionMs: 300 }); // `older` is 150 ms from its end, `newer` 300 ms
    await sleep(200);
    expect((await adminJobs()).map((j: { id: string }) => j.id)).toEqual([newer]);
    await sleep(200);
    expect(await adminJobs()).toEqual([]);
    expect((await api.get(`/api/v2/jobs/${older}`)).status).toBe(404);
  });

  it('arms one unref’d timer, for the next expiry only, and none when no job is held', () => {
    const state = new TenantState({ userCount: 1, timing: { retentionMs: 24 * 3600_000 } });
    const ctx = { state, timers: new Set() } as unknown as TenantContext;
    const now = Date.now();
    for (const [n, age] of [
      [1, 0],
      [2, 1000],
    ]) {
      state.jobs.set(`job_${n}`, {
        id: `job_${n}`,
        type: 'users_export',
        status: 'completed',
        created_at: new Date(now - age).toISOString(),
        createdMs: now - age,
        errors: [],
      });
    }
    sweepExpiredJobs(ctx, now);
    sweepExpiredJobs(ctx, now); // re-arming replaces the timer
    expect(ctx.timers.size).toBe(1);
    const timer = ctx.retentionTimer!;
    expect(ctx.timers.has(timer)).toBe(true);
    expect(timer.hasRef()).toBe(false);
    state.jobs.clear();
    sweepExpiredJobs(ctx, now);
    expect(ctx.timers.size).toBe(0);
    expect(ctx.retentionTimer).toBeUndefined();
  });
});
