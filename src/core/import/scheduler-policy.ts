/** The timing rules of the scheduler: Auth0's job limit, polling pace, retry waits. */

export interface SchedulerPolicy {
  /** Auth0 runs at most 2 import jobs per tenant at once (pending or processing). */
  maxActiveJobs: number;
  /** Polling starts at this interval, grows by `pollGrowth` while a job shows no progress, up to `pollMaxMs`. */
  pollStartMs: number;
  pollMaxMs: number;
  pollGrowth: number;
  /** Tries after the API client's own retries gave up on a send (rate limit, server error). */
  submitRetries: number;
  /** First wait before such a try; doubles each time, up to retryMaxMs, with +-25% jitter. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** After "2 active import jobs": wait for one of ours to finish, or this long when none is ours. */
  busyWaitMs: number;
}

export const defaultSchedulerPolicy: SchedulerPolicy = {
  maxActiveJobs: 2,
  pollStartMs: 1_000,
  pollMaxMs: 15_000,
  pollGrowth: 1.5,
  submitRetries: 3,
  retryBaseMs: 10_000,
  retryMaxMs: 120_000,
  busyWaitMs: 30_000,
};

/** The wait before retry number `attempt` (1-based), jittered so that several tabs do not retry in step. */
export function retryDelayMs(policy: SchedulerPolicy, attempt: number, random: () => number): number {
  const base = Math.min(policy.retryMaxMs, policy.retryBaseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.75 + random() * 0.5));
}

/** The next polling interval: back to the start on progress, else a little longer. */
export function nextPollInterval(policy: SchedulerPolicy, current: number, progressed: boolean): number {
  if (progressed) return policy.pollStartMs;
  return Math.min(policy.pollMaxMs, Math.round(current * policy.pollGrowth));
}
