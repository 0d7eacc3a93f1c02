/**
 * A helper of the workbench worker: parses and checks batches of NDJSON lines or JSON array elements (everything
 * but duplicates, which the workbench worker decides in file order) and sends the results back, their typed arrays transferred. Plain
 * messages rather than Comlink: one request and one answer per batch, many batches a second.
 */
import { transferablesOf, type BatchRequest, type BatchResult } from '../src/core/workbench/batch-contract';
import { checkBatch } from '../src/core/workbench/batch-check';

/** What the pool sends (see workbench-pool.ts) and what comes back. */
export interface BatchMessage {
  id: number;
  /** Its bytes fill the start of a buffer transferred here, which goes back as the answer's `spare`. */
  request: BatchRequest;
}

export type BatchAnswer = { id: number; spare: ArrayBuffer } & (
  { result: BatchResult; error?: undefined } | { error: string }
);

self.onmessage = (event: MessageEvent<BatchMessage>) => {
  const { id, request } = event.data;
  const spare = request.bytes.buffer as ArrayBuffer;
  try {
    const result = checkBatch(request);
    const answer: BatchAnswer = { id, spare, result };
    self.postMessage(answer, { transfer: [...transferablesOf(result), spare] });
  } catch (error) {
    const answer: BatchAnswer = { id, spare, error: error instanceof Error ? error.message : String(error) };
    self.postMessage(answer, { transfer: [spare] });
  }
};
