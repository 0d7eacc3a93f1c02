/**
 * What the run does with an error thrown by the jobs port. Core cannot import src/api, so errors are read by shape:
 * `problem.kind` as src/api/problems.ts defines it, else a bare `status`, else the thrown value's name.
 */

export type PortFailure =
  /** 429 "There are 2 active import users jobs": wait for a job to finish; not the chunk's fault. */
  | { kind: 'busy'; message: string }
  /** Rate limit, server error: nothing was created; try again later. */
  | { kind: 'transient'; message: string; retryAtMs: number | null }
  /** The request may have reached Auth0 and its answer was lost: outcome unknown. */
  | { kind: 'ambiguous'; message: string }
  /** The token is missing, expired or lacks a scope: the whole run must stop until the user signs in again. */
  | { kind: 'unauthorized'; message: string }
  | { kind: 'not-found'; message: string }
  /** Auth0 refused this request as it is (400, 413): sending it again would fail the same way. */
  | { kind: 'rejected'; status: number | null; message: string }
  | { kind: 'aborted'; message: string };

const BUSY_TEXT = /active import users jobs/i;
const AUTH_KINDS = new Set(['NotSignedIn', 'Unauthorized', 'InsufficientScope', 'Forbidden']);

interface ErrorShape {
  name?: unknown;
  message?: unknown;
  status?: unknown;
  kind?: unknown;
  problem?: { kind?: unknown; status?: unknown; message?: unknown; resetAt?: unknown; detail?: unknown };
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Classifies anything a port threw. Unknown throws count as ambiguous: the safe reading for a POST. */
export function classifyPortError(error: unknown): PortFailure {
  const shape: ErrorShape = error !== null && typeof error === 'object' ? (error as ErrorShape) : {};
  const problem = shape.problem ?? {};
  const kind = text(problem.kind) || text(shape.kind);
  const status =
    typeof problem.status === 'number'
      ? problem.status
      : typeof shape.status === 'number'
        ? shape.status
        : null;
  const message = text(problem.message) || text(problem.detail) || text(shape.message) || String(error);
  if (shape.name === 'AbortError' || shape.name === 'TimeoutError') return { kind: 'aborted', message };
  if (kind === 'ImportJobsBusy' || (status === 429 && BUSY_TEXT.test(message)))
    return { kind: 'busy', message };
  if (kind === 'RateLimited' || status === 429) {
    const resetAt = typeof problem.resetAt === 'number' ? problem.resetAt : null;
    return { kind: 'transient', message, retryAtMs: resetAt };
  }
  if (AUTH_KINDS.has(kind) || status === 401 || status === 403) return { kind: 'unauthorized', message };
  if (kind === 'NotFound' || status === 404) return { kind: 'not-found', message };
  // A server that answered 5xx did not queue the job (UNVERIFIED for gateways; see the report's notes).
  if (kind === 'ServerError' || (status !== null && status >= 500))
    return { kind: 'transient', message, retryAtMs: null };
  if (kind === 'BadRequest' || kind === 'TooLarge' || (status !== null && status >= 400)) {
    return { kind: 'rejected', status, message };
  }
  return { kind: 'ambiguous', message };
}

/** A refusal that concerns the connection, not the chunk: every other chunk would be refused the same way. */
export const isConnectionRefusal = (message: string): boolean =>
  /connection (must|does not exist)|database connection|connection_id/i.test(message);
