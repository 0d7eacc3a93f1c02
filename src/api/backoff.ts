/** How long to wait before a retry. Pure: the caller passes the random source and the clock's now. */

export interface BackoffPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** First backoff ceiling in ms; doubles each retry. */
  baseMs: number;
  /** Largest backoff ceiling in ms. */
  capMs: number;
  /** A server reset further away than this is not waited for (the caller gets RateLimited instead). */
  maxResetWaitMs: number;
}

export const defaultBackoff: BackoffPolicy = {
  maxRetries: 5,
  baseMs: 500,
  capMs: 30_000,
  maxResetWaitMs: 65_000,
};

/** "Full jitter": a uniformly random wait between 0 and min(cap, base * 2^retry). `retry` counts from 0. */
export function fullJitterDelay(retry: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

/**
 * Reads `x-ratelimit-reset` (epoch seconds) into epoch ms. Returns null when the browser hides the header
 * (not listed in Access-Control-Expose-Headers) or it is not a number.
 */
export function readRateLimitReset(headers: Headers): number | null {
  const raw = headers.get('x-ratelimit-reset');
  if (raw === null || raw.trim() === '') return null;
  const seconds = Number(raw);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null;
}

/**
 * The wait before retrying a 429: until the server's reset plus a little jitter (so parallel clients do not all
 * return in the same millisecond) when the reset is known, else full-jitter backoff.
 */
export function rateLimitDelay(
  retry: number,
  resetAt: number | null,
  now: number,
  policy: BackoffPolicy,
  random: () => number,
): number {
  if (resetAt === null) return fullJitterDelay(retry, policy, random);
  return Math.max(0, resetAt - now) + Math.floor(random() * 250);
}
