/**
 * Whether a run uses helper threads, and for which files. A run that uses them decides duplicates with one
 * DuplicateResolver for all its files (those read on helper threads and those read here), so duplicates are found
 * across files exactly as in a single-threaded run.
 */
import type { BatchCheckerPool, BatchJson } from './batch-contract';
import type { RecordCheckOptions, WorkbenchInput, WorkbenchOptions } from './contract';
import type { ParallelPass } from './parallel-pass';
import { DuplicateResolver } from './split-check';

/** With `workers: 'auto'`, files up to this size are read on one thread: helpers would not pay for themselves. */
export const autoParallelBytes = 8 * 1024 * 1024;

/**
 * `workers` when the options do not say: none. On the 2-core machine it was measured on (1M-user NDJSON, check +
 * import parts, Chromium), two helpers took 6.6-7.3 s against 8.5-9.0 s single-threaded while the machine was
 * otherwise fairly quiet (load ~3), but 14.8 s against 8.4 s while other work loaded it (load ~7), and ~200 MiB
 * more peak memory (each helper has its own heap). Not a clear win there, so helpers are opt-in ('auto' or a number).
 */
export const defaultWorkers: number | 'auto' = 0;

export interface ThreadPlan {
  resolver: DuplicateResolver;
  /** The parallel pass for one file, or undefined to read it on this thread. */
  forFile(input: WorkbenchInput, options: RecordCheckOptions): ParallelPass | undefined;
}

function helpersFor(workers: number | 'auto', pool: BatchCheckerPool, bytes: number): number {
  if (workers === 'auto') return bytes > autoParallelBytes ? pool.autoSize : 0;
  return Number.isFinite(workers) ? Math.max(0, Math.floor(workers)) : 0;
}

function batchJson(options: WorkbenchOptions): BatchJson {
  if (options.convert === false) return 'none';
  return options.target === 'import' ? 'valid' : 'all';
}

/**
 * The run's plan, or null for a single-threaded run: no pool, no file that would use helpers, or a converted CSV
 * (its columns come from each record's value, which stays on the helper thread).
 */
export function planThreads(
  inputs: readonly WorkbenchInput[],
  options: WorkbenchOptions,
  setup: { pool: BatchCheckerPool; batchChars?: number } | undefined,
): ThreadPlan | null {
  if (!setup) return null;
  if (options.convert !== false && options.target === 'csv') return null;
  const workers = options.workers ?? defaultWorkers;
  const { pool, batchChars } = setup;
  if (!inputs.some((input) => helpersFor(workers, pool, input.blob.size) > 0)) return null;
  const resolver = new DuplicateResolver();
  return {
    resolver,
    forFile(input, checkOptions) {
      const count = helpersFor(workers, pool, input.blob.size);
      const checkers = count > 0 ? pool.open(count) : null;
      if (checkers === null) return undefined;
      return { checkers, resolver, options: checkOptions, json: batchJson(options), batchChars };
    },
  };
}
