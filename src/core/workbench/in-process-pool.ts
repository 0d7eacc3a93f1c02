/**
 * A BatchCheckerPool whose "helpers" run on this thread: for tests of the parallel path in Node. Results can come
 * back out of order and after a structured-clone round trip, as they do from real helper threads, and helpers can
 * be made to fail, to exercise the fallback.
 */
import type { BatchCheckerPool, BatchCheckers, BatchRequest, BatchResult } from './batch-contract';
import { transferablesOf } from './batch-contract';
import { checkBatch } from './batch-check';

export interface InProcessPoolOptions {
  /** Helpers for 'auto'. Default 3. */
  autoSize?: number;
  /** A pseudo-random delay per batch (ms, up to this), so batches finish out of order. Default 0. */
  maxDelayMs?: number;
  /** Fails the batches whose seq this returns true for (a helper that crashed). */
  fails?: (request: BatchRequest) => boolean;
}

export interface InProcessPool extends BatchCheckerPool {
  /** Batches checked so far (failed ones included). */
  readonly batches: number;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function createInProcessPool(options: InProcessPoolOptions = {}): InProcessPool {
  let batches = 0;
  // A fixed sequence, so a failing test can be run again the same way.
  let state = 12345;
  const nextDelay = (): number => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return (state % 1000) * ((options.maxDelayMs ?? 0) / 1000);
  };
  const check = async (request: BatchRequest): Promise<BatchResult> => {
    batches++;
    const sent = structuredClone(request);
    await delay(nextDelay());
    if (options.fails?.(sent)) throw new Error('helper failed');
    const result = checkBatch(sent);
    return structuredClone(result, { transfer: transferablesOf(result) });
  };
  return {
    autoSize: options.autoSize ?? 3,
    get batches() {
      return batches;
    },
    open(count: number): BatchCheckers {
      return { size: count, check };
    },
  };
}
