/**
 * A helper of the workbench worker: parses and checks batches of NDJSON lines (everything but duplicates, which the
 * workbench worker decides in file order) and sends the results back, their typed arrays transferred. Plain
 * messages rather than Comlink: one request and one answer per batch, many batches a second.
 */
import { transferablesOf, type BatchRequest } from '../src/core/workbench/batch-contract';
import { checkNdjsonBatch } from '../src/core/workbench/batch-check';

/** What the pool sends (see workbench-pool.ts) and what comes back. */
export interface BatchMessage {
  id: number;
  request: BatchRequest;
}

self.onmessage = (event: MessageEvent<BatchMessage>) => {
  const { id, request } = event.data;
  try {
    const result = checkNdjsonBatch(request);
    self.postMessage({ id, result }, { transfer: transferablesOf(result) });
  } catch (error) {
    self.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
};
