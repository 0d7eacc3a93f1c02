import { seedConnections, seedUsers } from './seed';
import type {
  JobTiming,
  PlanPreset,
  TenantConnection,
  TenantCounters,
  TenantFaults,
  TenantJob,
  TenantOptions,
  TenantSwitches,
  TenantUser,
} from './types';

export const defaultSwitches: TenantSwitches = {
  spaScopes: 'admin',
  exportFilesCors: true,
  exposeRateLimitHeaders: true,
};

export const defaultTiming: JobTiming = {
  pendingMs: 300,
  processingMs: 700,
  exportLinkTtlMs: 60_000,
  retentionMs: 24 * 60 * 60 * 1000,
  searchTimeoutMs: 2000,
};

const emptyCounters = (): TenantCounters => ({
  requests: 0,
  rateLimited: 0,
  importLimitRefused: 0,
  maxActiveImports: 0,
  importsCreated: 0,
  exportsCreated: 0,
  byRoute: {},
});

/**
 * Everything the tenant holds. Tests may read and change it directly (`tenant.state.users.get(id)`); the HTTP
 * handlers go through the same object, so what a test sets is what the API serves.
 */
export class TenantState {
  readonly seed: number;
  readonly userCount: number;
  connections: TenantConnection[] = [];
  /** Users by user_id, in creation order. */
  users = new Map<string, TenantUser>();
  /** Jobs by id. */
  jobs = new Map<string, TenantJob>();
  counters: TenantCounters = emptyCounters();
  faults: TenantFaults;
  switches: TenantSwitches;
  timing: JobTiming;
  plan: PlanPreset;

  constructor(options: TenantOptions) {
    this.seed = options.seed ?? 1;
    this.userCount = options.userCount ?? 10_000;
    this.faults = { ...options.faults };
    this.switches = { ...defaultSwitches, ...options.switches };
    this.timing = { ...defaultTiming, ...options.timing };
    this.plan = options.plan ?? 'free';
    this.reseed();
  }

  /** Back to the seeded users and connections, no jobs, zeroed counters (faults and switches are kept). */
  reseed(): void {
    this.connections = seedConnections(this.seed);
    this.users = new Map(seedUsers(this.seed, this.userCount, this.connections).map((u) => [u.user_id, u]));
    this.jobs.clear();
    this.counters = emptyCounters();
  }

  connectionById(id: string): TenantConnection | undefined {
    return this.connections.find((c) => c.id === id);
  }

  /** The user of `connection` with this email (emails are stored lower-cased, unique per connection). */
  userByEmail(connection: string, email: string): TenantUser | undefined {
    const wanted = email.toLowerCase();
    for (const user of this.users.values()) {
      if (user.email === wanted && user.identities[0]?.connection === connection) return user;
    }
    return undefined;
  }

  /** Import jobs that still count against the limit of 2. */
  activeImports(): number {
    let active = 0;
    for (const job of this.jobs.values()) {
      if (job.type === 'users_import' && (job.status === 'pending' || job.status === 'processing')) active++;
    }
    return active;
  }

  /** A job unless it is older than the retention period (then it is forgotten, as Auth0 does after 24 h). */
  liveJob(id: string, now = Date.now()): TenantJob | undefined {
    const job = this.jobs.get(id);
    if (!job) return undefined;
    if (now - job.createdMs >= this.timing.retentionMs) {
      this.jobs.delete(id);
      return undefined;
    }
    return job;
  }
}
