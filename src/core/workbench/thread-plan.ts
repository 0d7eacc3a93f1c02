/**
 * How a run reads its files. With the built-in checker, NDJSON files and JSON arrays are checked in batches of whole
 * records (see batched-read.ts), by helper threads when there are any and on this thread otherwise; CSV is read
 * record by record. Such a run decides duplicates with one DuplicateResolver for all its files (batched or not), so
 * duplicates are found across files exactly as in a run read record by record.
 */
import type { BatchCheckerPool, BatchCheckers, BatchJson } from './batch-contract';
import { checkBatch } from './batch-check';
import type { RecordCheckOptions, WorkbenchInput, WorkbenchOptions } from './contract';
import type { BatchedPass } from './batched-pass';
import { DuplicateResolver } from './split-check';

/** With `workers: 'auto'`, files up to this size are checked on one thread: helpers would not pay for themselves. */
export const autoParallelBytes = 8 * 1024 * 1024;

/**
 * `workers` when the options do not say: the host decides how many helpers 'auto' means (the page's workbench
 * worker: `autoHelperCount` in helper-count.ts; the CLI has no helpers).
 */
export const defaultWorkers: number | 'auto' = 'auto';

/** Batches checked on this thread, one at a time. */
const onThisThread: BatchCheckers = {
  size: 1,
  check: (request) => Promise.resolve(checkBatch(request)),
  checkNow: checkBatch,
};

export interface ThreadPlan {
  resolver: DuplicateResolver;
  /** How one file's batches are checked (a CSV file is read record by record anyway). */
  forFile(input: WorkbenchInput, options: RecordCheckOptions): BatchedPass;
}

function helpersFor(workers: number | 'auto', pool: BatchCheckerPool | undefined, bytes: number): number {
  if (!pool) return 0;
  if (workers === 'auto') return bytes > autoParallelBytes ? pool.autoSize : 0;
  return Number.isFinite(workers) ? Math.max(0, Math.floor(workers)) : 0;
}

function batchJson(options: WorkbenchOptions): BatchJson {
  if (options.convert === false) return 'none';
  return options.target === 'import' ? 'valid' : 'all';
}

/**
 * The run's plan, or null to read every file record by record: a converted CSV (its columns come from each
 * record's value, which stays with the batch checker).
 */
export function planThreads(
  options: WorkbenchOptions,
  setup: { pool?: BatchCheckerPool; batchBytes?: number },
): ThreadPlan | null {
  if (options.convert !== false && options.target === 'csv') return null;
  const workers = options.workers ?? defaultWorkers;
  const { pool, batchBytes } = setup;
  const resolver = new DuplicateResolver();
  return {
    resolver,
    forFile(input, checkOptions) {
      const count = helpersFor(workers, pool, input.blob.size);
      const helpers = count > 0 ? (pool?.open(count) ?? null) : null;
      const checkers = helpers ?? onThisThread;
      return { checkers, resolver, options: checkOptions, json: batchJson(options), batchBytes };
    },
  };
}
