import type { JobTiming, TenantFaults } from './types';

/**
 * Auth0 answers 503 to a user search that does not finish within 2 s (auth0-facts section 4). The wording of that
 * answer is not documented; this one is a guess (README, "Where it guesses"), the status and shape are Auth0's.
 */
export const searchTimeoutMessage =
  'The query exceeded the timeout. Please try refining your search criteria.';

export interface SearchDelay {
  /** How long the request is held before it is answered. */
  waitMs: number;
  /** Whether the answer is the timeout (503) rather than the results. */
  timedOut: boolean;
}

/** What the `slowSearchMs` fault does to a search with this `q`, or undefined when it is not slowed. */
export function searchDelay(
  faults: TenantFaults,
  timing: Pick<JobTiming, 'searchTimeoutMs'>,
  q: string | undefined,
): SearchDelay | undefined {
  const slow = faults.slowSearchMs;
  if (!slow || slow <= 0) return undefined;
  if (faults.slowSearchQuery && !(q ?? '').includes(faults.slowSearchQuery)) return undefined;
  const timedOut = slow >= timing.searchTimeoutMs;
  return { waitMs: timedOut ? timing.searchTimeoutMs : slow, timedOut };
}

/** Waits without keeping a stopping process alive (a closed tenant's held request need not finish). */
export const holdFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
