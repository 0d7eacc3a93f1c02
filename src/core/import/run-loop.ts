/**
 * The scheduling loop of an import run: at most `maxActiveJobs` jobs at once, each polled on its own timer, sends
 * held back after a retry or a "too many jobs" answer, interrupted sends resolved by the chosen strategy.
 */
import { classifyPortError } from './port-errors';
import { pollChunk } from './poll-job';
import { resolveUncertainChunk, type UncertainStrategy } from './resolve-uncertain';
import { cancelUnsent } from './run-lifecycle';
import { RunStop, type RunContext } from './run-context';
import { nextPollInterval, retryDelayMs } from './scheduler-policy';
import { submitChunk } from './submit-chunk';
import type { Chunk } from './types';
import { isActiveChunk } from './types';

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
 * Sends, polls and resolves until nothing is left to do: one request at a time, sleeping until the next thing is due.
 * `cancel` stops sending (unsent parts are skipped) but keeps polling running jobs.
 */
export async function runLoop(
  ctx: RunContext,
  options: { cancel?: AbortSignal; uncertain?: UncertainStrategy },
): Promise<void> {
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
