/**
 * Runs (or resumes) an import: sends chunks as Auth0 import jobs, at most two running at once per tenant, polls them,
 * records every record's outcome and saves the run at every step. One loop, one request at a time: the rate limit
 * is shared by all calls anyway, and a single loop keeps the order of saves obvious. The loop is run-loop.ts; the
 * run's start and end are run-lifecycle.ts.
 */
import type { ImportPorts } from './ports';
import type { UncertainStrategy } from './resolve-uncertain';
import { RunStop, type RunContext } from './run-context';
import { finish, pause, prepare } from './run-lifecycle';
import { runLoop } from './run-loop';
import { defaultSchedulerPolicy, type SchedulerPolicy } from './scheduler-policy';
import type { ImportRun } from './types';

export interface RunImportOptions {
  /** Graceful cancel: send nothing more, let running jobs finish (and keep polling them), skip unsent chunks. */
  cancel?: AbortSignal;
  /** How to resolve chunks whose send was interrupted. Default `ask`: leave them for the user. */
  uncertain?: UncertainStrategy;
  policy?: Partial<SchedulerPolicy>;
  /** Called after every saved change, with the run (read it, do not change it). */
  onUpdate?: (run: ImportRun) => void;
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
    await runLoop(ctx, options);
    await finish(ctx, options.cancel);
  } catch (error) {
    if (error instanceof RunStop) await pause(ctx, error.problem.code, error.problem.message);
    else if (signal.aborted) await pause(ctx, 'aborted', 'The run was stopped; resume it to continue.');
    else throw error;
  }
  return run;
}
