import {
  defaultBackoff,
  fullJitterDelay,
  rateLimitDelay,
  readRateLimitReset,
  type BackoffPolicy,
} from './backoff';
import { realClock, type Clock } from './clock';
import { ApiError, problemFromResponse, type ApiProblem } from './problems';
import { RatePacer, type PlanPreset, type TokenBucket } from './rate-limit';
import { buildApiUrl, type Query } from './url';

/** What a call needs from the session, read at call time (and again for each retry, so a renewed token is used). */
export interface ApiCredentials {
  apiBaseUrl: string;
  accessToken: string;
}

/** Supplies credentials or throws an ApiError (NotSignedIn, or Unauthorized when the token has expired). */
export type CredentialSource = () => Promise<ApiCredentials>;

export interface ClientOptions {
  credentials: CredentialSource;
  /** The plan whose rate limits pace requests; read per call so a settings change applies at once. */
  plan: () => PlanPreset;
  fetch?: typeof fetch;
  clock?: Clock;
  random?: () => number;
  backoff?: Partial<BackoffPolicy>;
  /** Retries after a network failure (fetch TypeError). Kept low: a CORS refusal looks the same and never heals. */
  networkRetries?: number;
}

export interface ApiRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Relative to the API base, built with `apiPath`. */
  path: string;
  query?: Query;
  /** A JSON body (sent with Content-Type: application/json) or multipart form (the browser sets its Content-Type). */
  body?: { json: unknown } | { form: FormData };
  signal: AbortSignal;
  /**
   * `all` (default for GET) retries 429, 5xx and network failures. `rate-limit` retries only a 429 rate limit: for a
   * request that must not run twice (creating an import job), since a 5xx or a dropped answer may hide a success.
   */
  retry?: 'all' | 'rate-limit';
}

export interface ApiResponse {
  status: number;
  /** The parsed JSON body, or null for an empty answer (204). */
  body: unknown;
}

/** Sends Management API requests: paces them per plan, retries what is worth retrying, maps failures to ApiError. */
export class ManagementClient {
  readonly #options: ClientOptions;
  readonly #fetch: typeof fetch;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #policy: BackoffPolicy;
  #pacer: RatePacer | null = null;

  constructor(options: ClientOptions) {
    this.#options = options;
    // Bound to globalThis: calling an unbound window.fetch throws "Illegal invocation".
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#clock = options.clock ?? realClock;
    this.#random = options.random ?? Math.random;
    this.#policy = { ...defaultBackoff, ...options.backoff };
  }

  /** Sends one request, with pacing and retries, and returns its status and parsed body. */
  async send(request: ApiRequest): Promise<ApiResponse> {
    const retryAll = (request.retry ?? (request.method === 'GET' ? 'all' : 'rate-limit')) === 'all';
    const networkRetries = Math.min(this.#options.networkRetries ?? 2, this.#policy.maxRetries);
    let networkFailures = 0;
    for (let retry = 0; ; retry++) {
      const canRetry = retry < this.#policy.maxRetries;
      const bucket = this.#pacerFor().bucket(request.method, request.path);
      const outcome = await this.#attempt(request, bucket);
      if (outcome.ok) return outcome.response;
      const { problem } = outcome;
      if (problem.kind === 'RateLimited' && canRetry) {
        if (problem.resetAt !== null) {
          if (problem.resetAt - this.#clock.now() > this.#policy.maxResetWaitMs) throw new ApiError(problem);
          bucket.pauseUntil(problem.resetAt);
        }
        const delay = rateLimitDelay(retry, problem.resetAt, this.#clock.now(), this.#policy, this.#random);
        await this.#clock.sleep(delay, request.signal);
        continue;
      }
      const transient =
        (problem.kind === 'ServerError' && problem.status !== 501) ||
        (problem.kind === 'Network' && networkFailures++ < networkRetries);
      if (transient && retryAll && canRetry) {
        await this.#clock.sleep(fullJitterDelay(retry, this.#policy, this.#random), request.signal);
        continue;
      }
      throw new ApiError(problem);
    }
  }

  #pacerFor(): RatePacer {
    const plan = this.#options.plan();
    if (this.#pacer?.plan !== plan) this.#pacer = new RatePacer(plan, this.#clock);
    return this.#pacer;
  }

  async #attempt(
    request: ApiRequest,
    bucket: TokenBucket,
  ): Promise<{ ok: true; response: ApiResponse } | { ok: false; problem: ApiProblem }> {
    const { accessToken, apiBaseUrl } = await this.#options.credentials();
    // The token is taken last, right before the request goes: a slow credential read must not bunch requests.
    await bucket.take(request.signal);
    const url = buildApiUrl(apiBaseUrl, request.path, request.query);
    const unsafe = request.method !== 'GET';
    let response: Response;
    try {
      response = await this.#fetch(url, {
        method: request.method,
        headers: requestHeaders(accessToken, request.body),
        body: requestBody(request.body),
        signal: request.signal,
        mode: 'cors',
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
      });
    } catch (error) {
      if (request.signal.aborted) throw request.signal.reason;
      // fetch rejects with a TypeError for CORS refusals and network failures alike; the message says no more.
      const detail = error instanceof Error ? error.message : String(error);
      return { ok: false, problem: { kind: 'Network', detail, mayHaveBeenApplied: unsafe } };
    }
    const text = await response.text();
    if (response.ok) return parseSuccess(response.status, text);
    const resetAt = readRateLimitReset(response.headers);
    return { ok: false, problem: problemFromResponse(response.status, text, resetAt, unsafe) };
  }
}

function requestHeaders(token: string, body: ApiRequest['body']): Record<string, string> {
  // Only these two: Auth0's CORS preflight has refused extra request headers.
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (body && 'json' in body) headers['Content-Type'] = 'application/json';
  return headers;
}

function requestBody(body: ApiRequest['body']): RequestInit['body'] {
  if (!body) return undefined;
  return 'json' in body ? JSON.stringify(body.json) : body.form;
}

function parseSuccess(
  status: number,
  text: string,
): { ok: true; response: ApiResponse } | { ok: false; problem: ApiProblem } {
  if (text.trim() === '') return { ok: true, response: { status, body: null } };
  try {
    return { ok: true, response: { status, body: JSON.parse(text) as unknown } };
  } catch {
    const detail = `Expected JSON from the Management API, got: ${text.slice(0, 120)}`;
    return { ok: false, problem: { kind: 'UnexpectedResponse', status, detail } };
  }
}
