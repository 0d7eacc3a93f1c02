/**
 * The arithmetic of the import-run measurement: the least time a token bucket lets `requests` requests through, and
 * the emulator's per-route counters folded into route patterns (job ids out) for the printed breakdown.
 */

/** A token bucket: `burst` requests at once after a quiet spell, then `perSecond` (auth0-facts section 5). */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

/** The Free plan's Management API limit as the emulator enforces it (the burst of 2 is the facts' strictest reading). */
export const freePlanLimit: RateLimit = { perSecond: 2, burst: 2 };

/**
 * Seconds from the first to the last of `requests` requests under `limit`, starting with a full bucket: the first
 * `burst` go at once, every later one waits for its token. No client can finish the same requests sooner.
 */
export function leastSecondsFor(requests: number, limit: RateLimit): number {
  if (!Number.isFinite(requests) || requests <= 0) return 0;
  return Math.max(0, requests - limit.burst) / limit.perSecond;
}

/**
 * Seconds the tenant needs to process `parts` jobs of `jobMs` each when at most `active` run at once (Auth0: 2).
 * The other floor of a run's time: whichever of the two is larger binds.
 */
export function leastJobSeconds(parts: number, jobMs: number, active = 2): number {
  return (Math.ceil(Math.max(0, parts) / active) * jobMs) / 1000;
}

/** `{"POST /api/v2/jobs/users-imports": 75, "GET /api/v2/jobs/job_abc": 3, ...}` with every job id as `{id}`. */
export function routePatterns(byRoute: Readonly<Record<string, number>>): Record<string, number> {
  const grouped: Record<string, number> = {};
  for (const [route, count] of Object.entries(byRoute)) {
    const pattern = route.replace(/\/jobs\/(?!users-imports$|users-exports$)[^/]+/, '/jobs/{id}');
    grouped[pattern] = (grouped[pattern] ?? 0) + count;
  }
  return grouped;
}
