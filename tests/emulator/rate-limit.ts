import type { PlanPreset } from './types';

interface BucketSpec {
  /** Burst: the most requests that may be made at once. */
  capacity: number;
  /** Sustained rate, requests per second. */
  perSecond: number;
}

/**
 * Auth0's Management API limits per plan (auth0-facts section 5). The free plan's burst is not documented in the
 * facts: the bucket holds one second's worth, the strictest reading, so a client that paces for it paces for all.
 */
const presets: Record<Exclude<PlanPreset, 'off'>, (bucket: BucketName) => BucketSpec> = {
  free: () => ({ capacity: 2, perSecond: 2 }),
  essentials: (bucket) => paidPlan[bucket],
  professional: (bucket) => paidPlan[bucket],
  enterprise: () => ({ capacity: 50, perSecond: 16 }),
};

type BucketName = 'users-read' | 'connections' | 'other';

const paidPlan: Record<BucketName, BucketSpec> = {
  'users-read': { capacity: 40, perSecond: 500 / 60 },
  connections: { capacity: 5, perSecond: 50 / 60 },
  other: { capacity: 10, perSecond: 150 / 60 },
};

/** Which bucket a request draws from on the paid plans. */
function bucketFor(method: string, path: string): BucketName {
  if (method === 'GET' && (path.startsWith('/api/v2/users') || path.startsWith('/api/v2/users-by-email'))) {
    return 'users-read';
  }
  if (path.startsWith('/api/v2/connections')) return 'connections';
  return 'other';
}

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Epoch seconds at which the bucket is full again. */
  reset: number;
}

class TokenBucket {
  private tokens: number;
  private last: number;
  /** Full at its first request (`now`): the clock is the caller's, so a test may drive it. */
  constructor(
    private readonly spec: BucketSpec,
    now: number,
  ) {
    this.tokens = spec.capacity;
    this.last = now;
  }

  take(now: number): RateDecision {
    this.tokens = Math.min(
      this.spec.capacity,
      this.tokens + ((now - this.last) / 1000) * this.spec.perSecond,
    );
    this.last = now;
    const allowed = this.tokens >= 1;
    if (allowed) this.tokens -= 1;
    const secondsToFull = (this.spec.capacity - this.tokens) / this.spec.perSecond;
    return {
      allowed,
      limit: this.spec.capacity,
      remaining: Math.floor(this.tokens),
      reset: Math.ceil(now / 1000 + secondsToFull),
    };
  }
}

/** One token bucket per (plan, bucket); the free and enterprise plans share one bucket for the whole API. */
export class RateLimiter {
  private buckets = new Map<string, TokenBucket>();
  constructor(private readonly plan: () => PlanPreset) {}

  take(method: string, path: string, now = Date.now()): RateDecision | undefined {
    const plan = this.plan();
    if (plan === 'off') return undefined;
    const name = plan === 'essentials' || plan === 'professional' ? bucketFor(method, path) : 'all';
    const key = `${plan}:${name}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(presets[plan](name as BucketName), now);
      this.buckets.set(key, bucket);
    }
    return bucket.take(now);
  }

  /** Full buckets again (admin reset, plan change). */
  reset(): void {
    this.buckets.clear();
  }
}
