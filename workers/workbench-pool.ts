/**
 * The workbench worker's helper threads (workbench-batch.worker.ts), as the BatchCheckerPool the engine takes.
 * Helpers start when a run first needs them and stay for later runs; they end with the workbench worker. A helper
 * that fails rejects its batches (the engine then checks them itself) and is replaced at the next run.
 */
import type {
  BatchCheckerPool,
  BatchCheckers,
  BatchRequest,
  BatchResult,
} from '../src/core/workbench/batch-contract';
import { BytePool } from '../src/core/workbench/byte-pool';
import type { BatchAnswer } from './workbench-batch.worker';

interface Pending {
  resolve(result: BatchResult): void;
  reject(error: Error): void;
}

interface Helper {
  worker: Worker;
  pending: Map<number, Pending>;
  failed: boolean;
}

/**
 * A batch goes to a helper as a copy in a pooled buffer that is transferred there and back (the helper returns it
 * as `spare`): the engine keeps its own bytes (for the output, and to check the batch itself should the helper
 * fail), and no thread allocates a new buffer per batch.
 */
const spares = new BytePool(1024 * 1024, 16);

function startHelper(create: () => Worker): Helper | null {
  let worker: Worker;
  try {
    worker = create();
  } catch {
    return null;
  }
  const helper: Helper = { worker, pending: new Map(), failed: false };
  worker.onmessage = (event: MessageEvent<BatchAnswer>) => {
    const answer = event.data;
    spares.give(answer.spare);
    const pending = helper.pending.get(answer.id);
    helper.pending.delete(answer.id);
    if (answer.error !== undefined) pending?.reject(new Error(answer.error));
    else pending?.resolve(answer.result);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    helper.failed = true;
    worker.terminate();
    for (const pending of helper.pending.values()) pending.reject(new Error('A helper thread failed.'));
    helper.pending.clear();
  };
  return helper;
}

/** `create` starts one helper; `autoSize` is how many `workers: 'auto'` uses. */
export function createWorkerPool(create: () => Worker, autoSize: number): BatchCheckerPool {
  let helpers: Helper[] = [];
  let nextId = 0;
  const check = (using: Helper[], request: BatchRequest): Promise<BatchResult> => {
    // The helper with the fewest batches waiting: a slow batch (long lines, many findings) does not hold up others.
    let best: Helper | null = null;
    for (const helper of using) {
      if (!helper.failed && (best === null || helper.pending.size < best.pending.size)) best = helper;
    }
    if (best === null) return Promise.reject(new Error('No helper thread is running.'));
    const helper = best;
    const id = nextId++;
    const bytes = spares.take(request.bytes.length);
    bytes.set(request.bytes);
    return new Promise<BatchResult>((resolve, reject) => {
      helper.pending.set(id, { resolve, reject });
      helper.worker.postMessage({ id, request: { ...request, bytes } }, [bytes.buffer]);
    });
  };
  return {
    autoSize,
    open(count: number): BatchCheckers | null {
      helpers = helpers.filter((helper) => !helper.failed);
      while (helpers.length < count) {
        const helper = startHelper(create);
        if (helper === null) break;
        helpers.push(helper);
      }
      const using = helpers.slice(0, count);
      return using.length === 0 ? null : { size: using.length, check: (request) => check(using, request) };
    },
  };
}
