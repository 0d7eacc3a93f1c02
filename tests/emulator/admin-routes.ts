import type { Hono } from 'hono';
import { sweepExpiredJobs } from './job-retention';
import { demoClientId } from './seed';
import { defaultSwitches } from './state';
import type { TenantContext, TenantEnv } from './context';
import type { JobTiming, PlanPreset, TenantFaults, TenantSwitches } from './types';

const plans: PlanPreset[] = ['free', 'essentials', 'professional', 'enterprise', 'off'];

/**
 * `/__admin/...`: the developer's and the browser tests' handle on the tenant. Not part of Auth0; no token needed
 * (the emulator binds to loopback).
 */
export function registerAdminRoutes(app: Hono<TenantEnv>, ctx: TenantContext): void {
  const { state } = ctx;
  const body = async <T>(c: { req: { json(): Promise<unknown> } }) =>
    ((await c.req.json().catch(() => ({}))) ?? {}) as T;

  app.get('/__admin/state', (c) =>
    c.json({
      url: ctx.url(),
      exportFilesUrl: ctx.exportFilesUrl(),
      audience: ctx.issuer.audience,
      clientId: demoClientId,
      plan: state.plan,
      switches: state.switches,
      faults: state.faults,
      timing: state.timing,
      userCount: state.users.size,
      connections: state.connections,
    }),
  );

  app.get('/__admin/counters', (c) => c.json({ ...state.counters, activeImports: state.activeImports() }));
  app.post('/__admin/counters/reset', (c) => {
    state.counters = {
      ...state.counters,
      requests: 0,
      rateLimited: 0,
      importLimitRefused: 0,
      maxActiveImports: 0,
    };
    state.counters.importsCreated = 0;
    state.counters.exportsCreated = 0;
    state.counters.byRoute = {};
    return c.json(state.counters);
  });

  app.post('/__admin/faults', async (c) => {
    state.faults = { ...state.faults, ...(await body<TenantFaults>(c)) };
    return c.json(state.faults);
  });
  app.delete('/__admin/faults', (c) => {
    state.faults = {};
    return c.json(state.faults);
  });

  app.post('/__admin/switches', async (c) => {
    state.switches = { ...state.switches, ...(await body<Partial<TenantSwitches>>(c)) };
    return c.json(state.switches);
  });

  app.post('/__admin/timing', async (c) => {
    state.timing = { ...state.timing, ...(await body<Partial<JobTiming>>(c)) };
    sweepExpiredJobs(ctx); // a shorter retention applies to the jobs already held
    return c.json(state.timing);
  });

  app.post('/__admin/plan', async (c) => {
    const { plan } = await body<{ plan?: PlanPreset }>(c);
    if (!plan || !plans.includes(plan))
      return c.json({ message: `plan must be one of ${plans.join(', ')}` }, 400);
    state.plan = plan;
    ctx.limiter.reset();
    return c.json({ plan });
  });

  app.post('/__admin/token', async (c) => {
    const { scopes, expiresIn, subject, audience } = await body<{
      scopes?: string[];
      expiresIn?: number;
      subject?: string;
      audience?: string;
    }>(c);
    const token = await ctx.issuer.mintAccessToken({ scopes, expiresIn, subject, audience });
    return c.json({ access_token: token, token_type: 'Bearer' });
  });

  app.get('/__admin/jobs', (c) =>
    c.json(
      [...state.jobs.values()].map(({ file: _f, payload: _p, ...job }) => ({
        ...job,
        errorCount: job.errors.length,
      })),
    ),
  );

  /** Seeded users and connections again, no jobs, zero counters, no faults, default switches, full buckets. */
  app.post('/__admin/reset', (c) => {
    for (const timer of ctx.timers) clearTimeout(timer);
    ctx.timers.clear();
    state.reseed();
    state.faults = {};
    state.switches = { ...defaultSwitches };
    ctx.limiter.reset();
    return c.json({ ok: true, users: state.users.size });
  });
}
