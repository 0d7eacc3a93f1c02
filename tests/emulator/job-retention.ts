import type { TenantContext } from './context';

/** setTimeout's longest delay (a longer one fires at once); a later expiry is reached by sweeping again. */
const maxTimerMs = 2 ** 31 - 1;

/**
 * Auth0 deletes all job data 24 h after the job was created (auth0-facts section 2). This removes every job past
 * `timing.retentionMs`, then arms one timer for the next expiry, so data goes away on time whether or not anyone
 * asks for it. Call it whenever a job is created or the retention changes. The timer is unref'd (it never keeps a
 * process alive) and tracked in `ctx.timers` (close() cancels it).
 */
export function sweepExpiredJobs(ctx: TenantContext, now = Date.now()): void {
  const { jobs, timing } = ctx.state;
  let nextExpiry = Infinity;
  for (const [id, job] of jobs) {
    const expiry = job.createdMs + timing.retentionMs;
    if (expiry <= now) jobs.delete(id);
    else nextExpiry = Math.min(nextExpiry, expiry);
  }
  if (ctx.retentionTimer) {
    clearTimeout(ctx.retentionTimer);
    ctx.timers.delete(ctx.retentionTimer);
    ctx.retentionTimer = undefined;
  }
  if (nextExpiry === Infinity) return;
  const timer = setTimeout(() => sweepExpiredJobs(ctx), Math.min(maxTimerMs, nextExpiry - now));
  timer.unref();
  ctx.timers.add(timer);
  ctx.retentionTimer = timer;
}
