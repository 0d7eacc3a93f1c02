/**
 * Runs (or resumes) an import: sends chunks as Auth0 import jobs, at most two running at once per tenant, polls them,
 * records every record's outcome and saves the run at every step. One loop, one request at a time: the rate limit
 * is shared by all calls anyway, and a single loop keeps the order of saves obvious.
 */
import { classifyPortError } from './port-errors';
import type { ImportPorts } from './ports';
import { addCounts, pollChunk } from './poll-job';
import { resolveUncertainChunk, type UncertainStrategy } from './resolve-uncertain';
import {
  RunStop,
  persist,
  recordsToSend,
  saveOutcomes,
  uniformOutcomes,
  type RunContext,
} from './run-context';
import {
  defaultSchedulerPolicy,
  nextPollInterval,
  retryDelayMs,
  type SchedulerPolicy,
} from './scheduler-policy';
import { submitChunk } from './submit-chunk';
import type { Chunk, ImportRun } from './types';
import { emptyOutcomeCounts, isActiveChunk } from './types';

export interface RunImportOptions {
  /** Graceful cancel: send nothing more, let running jobs finish (and keep polling them), skip unsent chunks. */
  cancel?: AbortSignal;
  /** How to resolve chunks whose send was interrupted. Default `ask`: leave them for the user. */
  uncertain?: UncertainStrategy;
  policy?: Partial<SchedulerPolicy>;
  /** Called after every saved change, with the run (read it, do not change it). */
  onUpdate?: (run: ImportRun) => void;
}

interface PollTimer {
  at: number;
  interval: number;
  percentage?: number;
}

interface LoopState {
  polls: Map<number, PollTimer>;
  /** No send before this time (a retry wait). */
  sendAfter: number;
  /** After "2 active jobs": wait until fewer of ours run than `active`, or until `until`. */
  busy: { active: number; until: number } | null;
  /** Uncertain chunks whose resolution failed for now, and when to try again. */
  resolveAfter: number;
}

/**
 * Runs `run` to its end and returns it. `signal` stops it at once (state saved, resumable, jobs keep running on
 * Auth0). Resolves with status finished, cancelled, needs-decision or paused (see `run.problem`); throws only when
 * the store itself fails.
 */
export async function runImport(
  run: ImportRun,
  ports: ImportPorts,
  signal: AbortSignal,
  options: RunImportOptions = {},
): Promise<ImportRun> {
  const ctx: RunContext = {
    run,
    ports,
    policy: { ...defaultSchedulerPolicy, ...options.policy },
    signal,
    random: ports.random ?? Math.random,
    onUpdate: options.onUpdate ?? (() => {}),
    records: new Map(),
  };
  try {
    await prepare(ctx);
    await loop(ctx, options);
    await finish(ctx, options);
  } catch (error) {
    if (error instanceof RunStop) await pause(ctx, error.problem.code, error.problem.message);
    else if (signal.aborted) await pause(ctx, 'aborted', 'The run was stopped; resume it to continue.');
    else throw error;
  }
  return run;
}

/** A chunk left `submitting` was interrupted mid-request: whether Auth0 got it is unknown. */
async function prepare(ctx: RunContext): Promise<void> {
  for (const chunk of ctx.run.chunks) {
    if (chunk.status === 'submitting') {
      chunk.status = 'uncertain';
      chunk.errors = [
        {
          code: 'send.uncertain',
          message: 'The run stopped while this part was being sent; Auth0 may or may not have received it.',
        },
      ];
    }
  }
  ctx.run.status = 'running';
  ctx.run.problem = null;
  ctx.run.timings.startedAt ??= ctx.ports.clock.now();
  ctx.run.timings.finishedAt = null;
  await persist(ctx);
}

async function loop(ctx: RunContext, options: RunImportOptions): Promise<void> {
  const state: LoopState = { polls: new Map(), sendAfter: 0, busy: null, resolveAfter: 0 };
  for (;;) {
    ctx.signal.throwIfAborted();
    if (options.cancel?.aborted && ctx.run.status !== 'cancelling') await cancelUnsent(ctx);
    await resolveUncertain(ctx, state, options.uncertain ?? 'ask');
    const next = nextToSend(ctx, state);
    if (next) {
      await send(ctx, state, next);
      continue;
    }
    await pollDue(ctx, state);
    const wake = nextWake(ctx, state);
    if (wake === null) return;
    const now = ctx.ports.clock.now();
    if (wake > now) await sleep(ctx, wake - now, options.cancel);
  }
}

function nextToSend(ctx: RunContext, state: LoopState): Chunk | undefined {
  if (ctx.run.status === 'cancelling') return undefined;
  const active = ctx.run.chunks.filter(isActiveChunk).length;
  const now = ctx.ports.clock.now();
  if (active >= ctx.policy.maxActiveJobs || now < state.sendAfter) return undefined;
  if (state.busy && active >= state.busy.active && now < state.busy.until) return undefined;
  return ctx.run.chunks.find((chunk) => chunk.status === 'planned');
}

async function send(ctx: RunContext, state: LoopState, chunk: Chunk): Promise<void> {
  const active = ctx.run.chunks.filter(isActiveChunk).length;
  const result = await submitChunk(ctx, chunk);
  const now = ctx.ports.clock.now();
  if (result.kind === 'sent') {
    state.busy = null;
    state.polls.set(chunk.index, { at: now + ctx.policy.pollStartMs, interval: ctx.policy.pollStartMs });
  } else if (result.kind === 'busy') {
    state.busy = { active, until: now + ctx.policy.busyWaitMs };
  } else if (result.kind === 'retry') {
    state.sendAfter = result.atMs;
  }
}

async function pollDue(ctx: RunContext, state: LoopState): Promise<void> {
  for (const chunk of ctx.run.chunks.filter(isActiveChunk)) {
    const timer = state.polls.get(chunk.index) ?? { at: 0, interval: ctx.policy.pollStartMs };
    if (timer.at > ctx.ports.clock.now()) continue;
    const result = await pollChunk(ctx, chunk, timer.percentage);
    if (result.kind === 'finished') {
      state.polls.delete(chunk.index);
      continue;
    }
    const interval = nextPollInterval(ctx.policy, timer.interval, result.progressed);
    state.polls.set(chunk.index, {
      at: ctx.ports.clock.now() + interval,
      interval,
      percentage: result.percentage,
    });
  }
}

async function resolveUncertain(
  ctx: RunContext,
  state: LoopState,
  strategy: UncertainStrategy,
): Promise<void> {
  if (strategy === 'ask' || ctx.ports.clock.now() < state.resolveAfter) return;
  for (const chunk of ctx.run.chunks.filter((c) => c.status === 'uncertain')) {
    try {
      await resolveUncertainChunk(ctx, chunk, strategy);
    } catch (error) {
      const failure = classifyPortError(error);
      if (error instanceof RunStop || (failure.kind === 'aborted' && ctx.signal.aborted)) throw error;
      if (failure.kind === 'unauthorized')
        throw new RunStop({ code: 'unauthorized', message: failure.message });
      // A lookup failed: the chunk stays uncertain and is looked at again after a wait.
      state.resolveAfter = ctx.ports.clock.now() + retryDelayMs(ctx.policy, 1, ctx.random);
      return;
    }
  }
}

/** The next time something is due, or null when nothing is left to do. */
function nextWake(ctx: RunContext, state: LoopState): number | null {
  const times: number[] = [];
  for (const chunk of ctx.run.chunks.filter(isActiveChunk)) {
    times.push(state.polls.get(chunk.index)?.at ?? 0);
  }
  const active = times.length;
  const waitingToSend = ctx.run.status !== 'cancelling' && ctx.run.chunks.some((c) => c.status === 'planned');
  // With every slot taken, only a poll (a job ending) can free one: no send time to wait for.
  if (waitingToSend && active < ctx.policy.maxActiveJobs) {
    const busyUntil = state.busy && active >= state.busy.active ? state.busy.until : 0;
    times.push(Math.max(state.sendAfter, busyUntil));
  }
  if (ctx.run.chunks.some((c) => c.status === 'uncertain') && state.resolveAfter > ctx.ports.clock.now()) {
    times.push(state.resolveAfter);
  }
  return times.length === 0 ? null : Math.min(...times);
}

/** Sleeps, waking early on cancel so unsent chunks are marked at once. */
async function sleep(ctx: RunContext, ms: number, cancel: AbortSignal | undefined): Promise<void> {
  const wake = cancel && !cancel.aborted ? AbortSignal.any([ctx.signal, cancel]) : ctx.signal;
  try {
    await ctx.ports.clock.sleep(ms, wake);
  } catch (error) {
    if (ctx.signal.aborted || !cancel?.aborted) throw error;
  }
}

async function cancelUnsent(ctx: RunContext): Promise<void> {
  ctx.run.status = 'cancelling';
  await persist(ctx);
  for (const chunk of ctx.run.chunks.filter((c) => c.status === 'planned')) {
    const records = await recordsToSend(ctx, chunk);
    const reason = 'Not sent: the import was cancelled before this part was sent.';
    await saveOutcomes(
      ctx,
      uniformOutcomes(records, chunk.index, {
        outcome: 'skipped',
        code: 'run.cancelled',
        field: null,
        reason,
      }),
    );
    chunk.counts = addCounts(chunk.counts ?? emptyOutcomeCounts(), {
      ...emptyOutcomeCounts(),
      skipped: records.length,
    });
    chunk.status = 'cancelled';
    chunk.finishedAt = ctx.ports.clock.now();
    ctx.records.delete(chunk.index);
    await persist(ctx);
  }
}

async function finish(ctx: RunContext, options: RunImportOptions): Promise<void> {
  const { run } = ctx;
  if (run.chunks.some((c) => c.status === 'uncertain')) run.status = 'needs-decision';
  else run.status = options.cancel?.aborted || run.status === 'cancelling' ? 'cancelled' : 'finished';
  if (run.status !== 'needs-decision') run.timings.finishedAt = ctx.ports.clock.now();
  await persist(ctx);
}

async function pause(
  ctx: RunContext,
  code: NonNullable<ImportRun['problem']>['code'],
  message: string,
): Promise<void> {
  ctx.run.status = 'paused';
  ctx.run.problem = { code, message };
  await persist(ctx);
}
