/**
 * A fake Auth0 tenant for import tests: import jobs that run on a virtual clock, the 2-active-jobs limit, per-user
 * errors, the users it holds. Behaves as auth0-facts.md sections 2 and 4 describe.
 */
import type {
  CreatedImportJob,
  ImportJobErrorEntry,
  ImportJobParams,
  ImportJobState,
  TenantUser,
} from '../ports';

export interface FakeJob {
  id: string;
  createdAt: number;
  durationMs: number;
  users: Record<string, unknown>[];
  params: ImportJobParams;
  /** Fails as a whole at the end (204 on /errors). */
  failWhole: boolean;
  result: { state: ImportJobState; errors: ImportJobErrorEntry[] } | null;
}

/** An error shaped like src/api's ApiError. */
export class FakeApiError extends Error {
  readonly problem: { kind: string; status?: number; message: string };

  constructor(kind: string, status: number | undefined, message: string) {
    super(message);
    this.problem = { kind, status, message };
  }
}

export const busyError = () =>
  new FakeApiError(
    'ImportJobsBusy',
    429,
    'There are 2 active import users jobs, please wait until some of them are finished and try again',
  );

export class FakeTenant {
  readonly jobs = new Map<string, FakeJob>();
  readonly users = new Map<string, TenantUser>();
  /** Every user email each POST carried, in order: proves what was sent and how often. */
  readonly sent: string[][] = [];
  maxActiveSeen = 0;
  busyAnswers = 0;
  /** Jobs of another tool occupying slots until the given times. */
  foreignUntil: number[] = [];
  jobDurationMs = 5_000;
  /** Makes the next job fail as a whole. */
  failNextJob = false;
  /** A per-user check: an error makes the user fail. Default: emails containing "invalid" fail FORMAT. */
  validate: (user: Record<string, unknown>) => ImportJobErrorEntry['errors'] = (user) =>
    String(user.email).includes('invalid')
      ? [{ code: 'FORMAT', message: "Object didn't pass validation for format email", path: 'email' }]
      : [];
  private counter = 0;

  constructor(private readonly now: () => number) {}

  activeCount(): number {
    const now = this.now();
    const ours = [...this.jobs.values()].filter((job) => now < job.createdAt + job.durationMs).length;
    return ours + this.foreignUntil.filter((until) => now < until).length;
  }

  async create(payload: Blob, params: ImportJobParams): Promise<CreatedImportJob> {
    const users = JSON.parse(await payload.text()) as Record<string, unknown>[];
    this.settle();
    if (this.activeCount() >= 2) {
      this.busyAnswers += 1;
      throw busyError();
    }
    this.sent.push(users.map((user) => String(user.email)));
    const id = `job_${String(++this.counter).padStart(16, '0')}`;
    const job: FakeJob = {
      id,
      createdAt: this.now(),
      durationMs: this.jobDurationMs,
      users,
      params,
      failWhole: this.failNextJob,
      result: null,
    };
    this.failNextJob = false;
    this.jobs.set(id, job);
    this.maxActiveSeen = Math.max(this.maxActiveSeen, this.activeCount());
    return { id, status: 'pending' };
  }

  state(id: string): ImportJobState {
    const job = this.jobs.get(id);
    if (!job) throw new FakeApiError('NotFound', 404, 'The job does not exist.');
    const elapsed = this.now() - job.createdAt;
    if (elapsed < job.durationMs / 4) return { id, status: 'pending' };
    if (elapsed < job.durationMs)
      return { id, status: 'processing', percentage_done: Math.floor((100 * elapsed) / job.durationMs) };
    return this.finish(job).state;
  }

  errors(id: string): ImportJobErrorEntry[] {
    const job = this.jobs.get(id);
    if (!job) throw new FakeApiError('NotFound', 404, 'The job does not exist.');
    if (!job.result) throw new Error('errors read before the job ended');
    return job.result.errors;
  }

  byEmail(email: string): TenantUser[] {
    this.settle();
    const user = this.users.get(email);
    return user ? [user] : [];
  }

  /** Applies every job whose time is up, as Auth0 does whether or not anyone polls it. */
  private settle(): void {
    for (const job of this.jobs.values()) if (this.now() >= job.createdAt + job.durationMs) this.finish(job);
  }

  /** Applies the job once, the first time it is seen ended. */
  private finish(job: FakeJob): NonNullable<FakeJob['result']> {
    if (job.result) return job.result;
    if (job.failWhole) {
      job.result = {
        state: { id: job.id, status: 'failed', status_details: 'Failed to parse users file' },
        errors: [],
      };
      return job.result;
    }
    const summary = { inserted: 0, updated: 0, failed: 0, total: job.users.length };
    const errors: ImportJobErrorEntry[] = [];
    for (const user of job.users) {
      const email = String(user.email).toLowerCase();
      const problems = this.validate(user);
      const exists =
        this.users.get(email)?.identities?.some((identity) => identity.connection === 'Users') ?? false;
      if (problems.length === 0 && exists && !job.params.upsert) {
        problems.push({
          code: 'DUPLICATED_USER',
          message: 'The user already exist and upsert parameter is false',
        });
      }
      if (problems.length > 0) {
        summary.failed += 1;
        errors.push({
          user: { ...user, password_hash: user.password_hash ? '[REDACTED]' : undefined },
          errors: problems,
        });
      } else if (exists) {
        summary.updated += 1;
      } else {
        summary.inserted += 1;
        this.users.set(email, {
          user_id: `auth0|${email}`,
          email,
          identities: [{ connection: 'Users', provider: 'auth0' }],
        });
      }
    }
    job.result = { state: { id: job.id, status: 'completed', summary }, errors };
    return job.result;
  }
}
