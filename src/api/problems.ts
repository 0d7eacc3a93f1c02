/**
 * What can go wrong when Ferry talks to the Management API, as typed values the UI can explain.
 * Every failure of the client ends as an `ApiError` carrying one `ApiProblem`; callers switch on `problem.kind`.
 */

export type ApiProblem =
  | { kind: 'NotSignedIn' }
  | { kind: 'Unauthorized'; status: 401; expired: boolean; message: string }
  | { kind: 'InsufficientScope'; status: 403; expected: string[]; message: string }
  | { kind: 'Forbidden'; status: 403; message: string }
  | { kind: 'NotFound'; status: 404; message: string }
  | { kind: 'BadRequest'; status: number; message: string; errorCode: string | null }
  | { kind: 'TooLarge'; status: 413; message: string }
  | { kind: 'RateLimited'; status: 429; resetAt: number | null; message: string }
  | { kind: 'ImportJobsBusy'; status: 429; message: string }
  | { kind: 'ServerError'; status: number; message: string; mayHaveBeenApplied: boolean }
  | { kind: 'Network'; detail: string; mayHaveBeenApplied: boolean }
  | { kind: 'UnexpectedResponse'; status: number; detail: string };

export type ApiProblemKind = ApiProblem['kind'];

/** An error thrown by the API client; `problem` says which failure it is. Never contains the token. */
export class ApiError extends Error {
  readonly problem: ApiProblem;

  constructor(problem: ApiProblem) {
    super(explainProblem(problem).title);
    this.name = 'ApiError';
    this.problem = problem;
  }

  get kind(): ApiProblemKind {
    return this.problem.kind;
  }
}

/** Narrowing helper: `isApiError(e, 'ImportJobsBusy')`. */
export function isApiError<K extends ApiProblemKind>(
  error: unknown,
  kind?: K,
): error is ApiError & { problem: Extract<ApiProblem, { kind: K }> } {
  return error instanceof ApiError && (kind === undefined || error.problem.kind === kind);
}

/** Auth0's error body: `{statusCode, error, message, errorCode}`; any of it may be missing behind a gateway. */
interface Auth0ErrorBody {
  message: string;
  errorCode: string | null;
}

/** Reads an error body without trusting it: a gateway may answer HTML or nothing at all. */
export function readErrorBody(text: string): Auth0ErrorBody {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') {
      const record = parsed as Record<string, unknown>;
      const message =
        typeof record.message === 'string'
          ? record.message
          : typeof record.error === 'string'
            ? record.error
            : '';
      const errorCode = typeof record.errorCode === 'string' ? record.errorCode : null;
      return { message, errorCode };
    }
  } catch {
    // Not JSON: fall through and keep a short plain-text excerpt.
  }
  return { message: text.trim().slice(0, 300), errorCode: null };
}

const IMPORT_BUSY = /there are \d+ active import users jobs/i;
const SCOPE_LIST = /insufficient scope[^:]*:\s*(?:expected any of:\s*)?(.+)$/i;

/** Parses "Insufficient scope; expected any of: create:users,update:users." into the scope list. */
export function parseExpectedScopes(message: string): string[] {
  const match = SCOPE_LIST.exec(message.trim());
  if (!match) return [];
  return match[1]
    .replace(/\.$/, '')
    .split(/[\s,]+/)
    .map((scope) => scope.trim())
    .filter((scope) => /^[\w.-]+:[\w.:-]+$/.test(scope));
}

/** Maps a non-2xx answer to a problem. `resetAt` is the epoch-ms of x-ratelimit-reset when readable. */
export function problemFromResponse(
  status: number,
  bodyText: string,
  resetAt: number | null,
  unsafeMethod: boolean,
): ApiProblem {
  const { message, errorCode } = readErrorBody(bodyText);
  if (status === 401) {
    const expired = /expired/i.test(message) || errorCode === 'token_expired';
    return { kind: 'Unauthorized', status, expired, message };
  }
  if (status === 403) {
    if (/insufficient scope/i.test(message)) {
      return { kind: 'InsufficientScope', status, expected: parseExpectedScopes(message), message };
    }
    return { kind: 'Forbidden', status, message };
  }
  if (status === 404) return { kind: 'NotFound', status, message };
  if (status === 413) return { kind: 'TooLarge', status, message };
  if (status === 429) {
    if (IMPORT_BUSY.test(message)) return { kind: 'ImportJobsBusy', status, message };
    return { kind: 'RateLimited', status, resetAt, message };
  }
  if (status >= 500) return { kind: 'ServerError', status, message, mayHaveBeenApplied: unsafeMethod };
  return { kind: 'BadRequest', status, message, errorCode };
}

/** Plain-language explanation of a problem: a title, what happened, and what to do. */
export interface ProblemExplanation {
  title: string;
  detail: string;
  fix: string;
}

/** How to explain each problem. The origin is this page's origin, named in the CORS advice. */
export function explainProblem(problem: ApiProblem, origin = pageOrigin()): ProblemExplanation {
  switch (problem.kind) {
    case 'NotSignedIn':
      return {
        title: 'Not signed in',
        detail: 'Ferry has no token for a tenant.',
        fix: 'Open Connection and sign in or paste a Management API token.',
      };
    case 'Unauthorized':
      return problem.expired
        ? {
            title: 'The token has expired',
            detail: 'The tenant refused the token because its lifetime is over.',
            fix: 'Sign in again, or paste a fresh Management API token on the Connection screen.',
          }
        : {
            title: 'The tenant refused the token',
            detail: problem.message || 'The Management API answered 401 Unauthorized.',
            fix: 'Check that the token is for this tenant and the Management API audience, then sign in again.',
          };
    case 'InsufficientScope':
      return {
        title: 'The token lacks a permission',
        detail: problem.expected.length
          ? `This call needs one of these scopes: ${problem.expected.join(', ')}.`
          : problem.message,
        fix: 'Grant the scope to the application that issues the token, then get a new token (Connection explains how).',
      };
    case 'Forbidden':
      return {
        title: 'The tenant refused this request',
        detail: problem.message || 'The Management API answered 403 Forbidden.',
        fix: 'Check the token and the tenant settings.',
      };
    case 'NotFound':
      return {
        title: 'Not found',
        detail:
          problem.message ||
          'The tenant has no such item (it may have been deleted, or job data expired after 24 h).',
        fix: 'Check the id, or refresh the list.',
      };
    case 'BadRequest':
      return {
        title: 'The tenant rejected the request',
        detail: problem.message || `The Management API answered ${problem.status}.`,
        fix: 'Read the message above; it names what the tenant did not accept.',
      };
    case 'TooLarge':
      return {
        title: 'The file is too large for one job',
        detail: 'The Management API accepts at most 500 KB per import file (413 Payload Too Large).',
        fix: 'Split the file into smaller chunks (Ferry chunks below 400 KB by default).',
      };
    case 'RateLimited':
      return {
        title: 'Rate limit reached',
        detail: 'The tenant asked Ferry to slow down (429) and retries ran out.',
        fix: 'Wait a minute and try again, or choose a slower plan preset on the Connection screen.',
      };
    case 'ImportJobsBusy':
      return {
        title: 'Two import jobs are already running',
        detail: 'Auth0 runs at most 2 import jobs per tenant at a time.',
        fix: 'Wait for a running import job to finish, then start the next one.',
      };
    case 'ServerError':
      return {
        title: 'The tenant had a server error',
        detail: `The Management API answered ${problem.status}${problem.message ? `: ${problem.message}` : ''}.`,
        fix: problem.mayHaveBeenApplied
          ? 'The request may still have been carried out: check the tenant before repeating it.'
          : 'Try again in a moment.',
      };
    case 'Network':
      return {
        title: 'The browser could not reach the tenant',
        detail:
          'The request never got an answer Ferry may read. Most often the browser blocked it because the tenant does ' +
          'not allow this page’s origin (CORS); otherwise the network or the tenant is down.',
        fix:
          `Add ${origin} to Allowed Web Origins and Allowed Origins (CORS) (Auth0 Dashboard > Applications > ` +
          'the application > Settings), or to your gateway’s CORS settings, and check the tenant domain. Then try again.',
      };
    case 'UnexpectedResponse':
      return {
        title: 'The tenant answered something Ferry does not understand',
        detail: problem.detail,
        fix: 'Check the API base URL: a gateway in front of the Management API must pass answers through unchanged.',
      };
  }
}

function pageOrigin(): string {
  // Read through globalThis: this module also runs in Node (the CLI and unit tests), where there is no location.
  const { location } = globalThis as { location?: { origin: string } };
  return location?.origin ?? 'this page’s origin';
}
