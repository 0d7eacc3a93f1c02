import type { Context } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import type { OriginPolicy } from './cors';
import type { RateLimiter } from './rate-limit';
import type { TenantState } from './state';
import type { TokenIssuer } from './tokens';

/** What every route module needs: the state, the signing key and the tenant's own URLs. */
export interface TenantContext {
  state: TenantState;
  issuer: TokenIssuer;
  limiter: RateLimiter;
  /** e.g. http://127.0.0.1:4500 (no trailing slash). */
  url(): string;
  /** The export-file origin, e.g. http://127.0.0.1:4501. */
  exportFilesUrl(): string;
  origins: OriginPolicy;
  /** Timers started for jobs; cleared on close so a stopped tenant leaves nothing running. */
  timers: Set<ReturnType<typeof setTimeout>>;
  /** The one timer that removes jobs when their retention ends (job-retention.ts); also in `timers`. */
  retentionTimer?: ReturnType<typeof setTimeout>;
  /** HMAC key that signs export locations. */
  linkKey: Uint8Array;
}

/** Hono environment for the tenant's servers: Node bindings give the raw socket (to drop connections). */
export interface TenantEnv {
  Bindings: HttpBindings;
  Variables: { scopes: Set<string> };
}

export type TenantRequest = Context<TenantEnv>;

/** Runs `fn` after `ms`, tracked so close() can cancel it. */
export function later(ctx: TenantContext, ms: number, fn: () => void): void {
  const timer = setTimeout(() => {
    ctx.timers.delete(timer);
    fn();
  }, ms);
  timer.unref();
  ctx.timers.add(timer);
}
