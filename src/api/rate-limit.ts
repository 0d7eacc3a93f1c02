import type { Clock } from './clock';

/**
 * Client-side pacing that mirrors Auth0's token buckets (auth0-facts section 5), so a well-behaved run seldom sees a 429.
 * Hand-written (about 60 lines) because the pacing must share the client's injectable clock and honour a server reset;
 * the bucket libraries on npm use their own timers.
 */

/** Tenant plans with known Management API limits. `free` is the default: it is the slowest, so it is always safe. */
export type PlanPreset = 'free' | 'essentials' | 'professional' | 'enterprise';

export const planPresets: readonly PlanPreset[] = ['free', 'essentials', 'professional', 'enterprise'];

/** Which of the plan's buckets a request draws from. */
export type BucketName = 'all' | 'users-read' | 'connections' | 'other';

export interface BucketLimit {
  /** Tokens added per second. */
  perSecond: number;
  /** Bucket size: how many requests may go at once after a quiet spell. */
  burst: number;
}

/** Limits per plan. A plan with a single `all` bucket paces the whole API together. */
export const planLimits: Record<PlanPreset, Partial<Record<BucketName, BucketLimit>>> = {
  free: { all: { perSecond: 2, burst: 2 } },
  essentials: {
    'users-read': { perSecond: 500 / 60, burst: 40 },
    connections: { perSecond: 50 / 60, burst: 5 },
    other: { perSecond: 150 / 60, burst: 10 },
  },
  professional: {
    'users-read': { perSecond: 500 / 60, burst: 40 },
    connections: { perSecond: 50 / 60, burst: 5 },
    other: { perSecond: 150 / 60, burst: 10 },
  },
  enterprise: { all: { perSecond: 16, burst: 50 } },
};

/** The bucket a request belongs to under a plan: GET /users* reads, /connections*, or everything else (incl. /jobs). */
export function bucketFor(plan: PlanPreset, method: string, path: string): BucketName {
  const limits = planLimits[plan];
  if (limits.all) return 'all';
  const first = path.replace(/^\/+/, '').split(/[/?]/)[0];
  if (first === 'users' && method.toUpperCase() === 'GET') return 'users-read';
  if (first === 'connections') return 'connections';
  return 'other';
}

/**
 * A token bucket whose callers take turns: each waits for the one before it, then until a whole token has accrued,
 * and the token is taken at that moment, just before the request goes. Taking it when the request is actually sent
 * (not when it was queued) matters: the server counts requests as they arrive, and a request held up after an
 * early reservation would arrive close behind the next one.
 */
export class TokenBucket {
  #level: number;
  #updatedAt: number;
  /** Settles when the caller before the next one has its token (or gave up). */
  #turn: Promise<void> = Promise.resolve();
  readonly #limit: BucketLimit;
  readonly #clock: Clock;

  constructor(limit: BucketLimit, clock: Clock) {
    this.#limit = limit;
    this.#clock = clock;
    this.#level = limit.burst;
    this.#updatedAt = clock.now();
  }

  /** Waits until a request may be sent, in call order, and takes its token. Aborting gives up the turn. */
  async take(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const previous = this.#turn;
    let done = () => {};
    this.#turn = new Promise<void>((resolve) => (done = resolve));
    try {
      await untilSettledOrAborted(previous, signal);
      for (;;) {
        const now = this.#clock.now();
        this.#refill(now);
        // #updatedAt is in the future while the server has paused us.
        const wait =
          Math.max(0, this.#updatedAt - now) + Math.max(0, (1 - this.#level) / this.#limit.perSecond) * 1000;
        if (wait <= 0) break;
        await this.#clock.sleep(Math.ceil(wait), signal);
      }
      this.#level -= 1;
    } finally {
      done();
    }
  }

  /** The server said the bucket is empty until `until` (epoch ms): hold every request until then. */
  pauseUntil(until: number): void {
    this.#refill(this.#clock.now());
    if (until <= this.#updatedAt) return;
    // At the reset moment one request may go; the rest follow at the plan's rate.
    this.#level = Math.min(this.#level, 1);
    this.#updatedAt = until;
  }

  #refill(now: number): void {
    if (now <= this.#updatedAt) return;
    const elapsed = (now - this.#updatedAt) / 1000;
    this.#level = Math.min(this.#limit.burst, this.#level + elapsed * this.#limit.perSecond);
    this.#updatedAt = now;
  }
}

/** Resolves when `previous` settles; rejects with the signal's reason if it aborts first. */
function untilSettledOrAborted(previous: Promise<void>, signal?: AbortSignal): Promise<void> {
  if (!signal) return previous;
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    void previous.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}

/**
 * Ferry paces at 90 % of the documented rate and bursts: requests reach the tenant with uneven network delays (two
 * sent 556 ms apart may arrive 450 ms apart), and other clients of the tenant draw from the same buckets. The burst
 * is cut too (at least one token below the server's bucket): a client that may empty the server's whole bucket at
 * once leaves nothing for the next request that arrives a little early, which is where 429s came from.
 */
export const PACING_MARGIN = 0.9;

/** The buckets of one plan, created on first use. */
export class RatePacer {
  readonly #buckets = new Map<BucketName, TokenBucket>();
  readonly #plan: PlanPreset;
  readonly #clock: Clock;

  constructor(plan: PlanPreset, clock: Clock) {
    this.#plan = plan;
    this.#clock = clock;
  }

  get plan(): PlanPreset {
    return this.#plan;
  }

  /** The bucket for a request. */
  bucket(method: string, path: string): TokenBucket {
    const name = bucketFor(this.#plan, method, path);
    let bucket = this.#buckets.get(name);
    if (!bucket) {
      const limit = planLimits[this.#plan][name];
      if (!limit) throw new Error(`No ${name} limit for plan ${this.#plan}`);
      bucket = new TokenBucket(clientLimit(limit), this.#clock);
      this.#buckets.set(name, bucket);
    }
    return bucket;
  }
}

/** The bucket Ferry keeps for a server bucket: a slower rate and a smaller burst (see PACING_MARGIN). */
export function clientLimit(server: BucketLimit): BucketLimit {
  return {
    perSecond: server.perSecond * PACING_MARGIN,
    burst: Math.max(1, Math.min(server.burst - 1, Math.floor(server.burst * PACING_MARGIN))),
  };
}
