/**
 * readFileRecords (formats/read-file.ts) for a parallel pass: the same stream, decoding, format detection and
 * faults, but an NDJSON file is cut into batches of whole lines that helper threads check while this thread reads
 * on; results are applied strictly in batch order. Other formats are read here with their usual reader.
 */
import { faultWithoutPosition } from '../formats/file-problem';
import type { InputFormat } from './contract';
import { createRecordReader, type ReadFileHooks, type ReadFileResult } from '../formats/read-file';
import type { RecordReader } from '../formats/record-reader';
import { detectFormat } from '../formats/sniff';
import { openTextSource, type TextChunk } from '../formats/text-source';
import type { BatchCheckers, BatchRequest, BatchResult } from './batch-contract';
import { checkNdjsonBatch } from './batch-check';
import { NdjsonBatcher, type NdjsonBatch } from './ndjson-batches';

export interface BatchPlan {
  checkers: BatchCheckers;
  /** The request for a batch (file name, check options, which JSON to return). */
  request(batch: NdjsonBatch, seq: number): BatchRequest;
  /** Applies a result in file order; throws a FileProblemError when the batch ended in a fault. */
  apply(result: BatchResult, batch: NdjsonBatch): void;
  /** Characters per batch (tests use small batches). */
  batchChars?: number;
}

interface InFlight {
  batch: NdjsonBatch;
  result: Promise<BatchResult>;
  settled: boolean;
}

/** Batches sent out and not yet applied, oldest first. */
class BatchPipeline {
  /** An applied batch ended in a fault: the file stops there. */
  failed = false;
  private readonly queue: InFlight[] = [];
  private seq = 0;
  private readonly plan: BatchPlan;
  private readonly depth: number;

  constructor(plan: BatchPlan) {
    this.plan = plan;
    // Two per helper keeps each busy while its last result travels back and is applied.
    this.depth = plan.checkers.size * 2 + 1;
  }

  send(batch: NdjsonBatch | null): void {
    if (batch === null) return;
    const request = this.plan.request(batch, this.seq++);
    // A helper that fails (crashed, out of memory) must not lose the batch: it is checked here instead.
    const result = this.plan.checkers.check(request).catch(() => checkNdjsonBatch(request));
    const entry: InFlight = { batch, result, settled: false };
    void result.then(() => {
      entry.settled = true;
    });
    this.queue.push(entry);
  }

  /** Applies finished batches in order; waits for the oldest while too many are out, or for all with `all`. */
  async settle(all: boolean): Promise<void> {
    while (this.queue.length > 0) {
      const head = this.queue[0];
      if (!all && !head.settled && this.queue.length < this.depth) return;
      const result = await head.result;
      this.queue.shift();
      try {
        this.plan.apply(result, head.batch);
      } catch (error) {
        this.failed = true;
        throw error;
      }
    }
  }
}

/**
 * Streams one file like readFileRecords; NDJSON records go through `plan` instead of `hooks.sink`. Records of whole
 * lines read before a cancel or a fault are applied before it returns or throws, as readFileRecords delivers them.
 */
export async function readFileInBatches(
  stream: ReadableStream<Uint8Array>,
  hooks: ReadFileHooks,
  plan: BatchPlan,
): Promise<ReadFileResult> {
  let bytesRead = 0;
  const source = await openTextSource(stream, (bytes) => {
    bytesRead += bytes;
    hooks.onBytes(bytesRead);
  });
  const pipeline = new BatchPipeline(plan);
  let format: InputFormat | null = null;
  let batcher: NdjsonBatcher | null = null;
  let reader: RecordReader | null = null;
  const feed = (chunk: TextChunk): void => {
    if (batcher) for (const batch of batcher.push(chunk.text)) pipeline.send(batch);
    else reader?.push(chunk.text, chunk.byteOffset);
  };
  const waiting: TextChunk[] = [];
  try {
    for await (const chunk of source.chunks) {
      if (format === null) {
        waiting.push(chunk);
        format = detectFormat(chunk.text);
        if (format === null) continue;
        hooks.onFormat(format, source.compressed);
        if (format === 'ndjson') batcher = new NdjsonBatcher(plan.batchChars);
        else reader = createRecordReader(format, hooks.sink);
        for (const held of waiting.splice(0)) feed(held);
      } else feed(chunk);
      await pipeline.settle(false);
      await hooks.onChunkDone?.();
      if (hooks.isCancelled()) {
        pipeline.send(batcher?.wholeLines() ?? null);
        await pipeline.settle(true);
        await source.close();
        return { format, compressed: source.compressed, cancelled: true };
      }
    }
  } catch (error) {
    await source.close();
    if (pipeline.failed) throw error;
    // A read fault ends the file after the whole lines before it, as in readFileRecords; a fault found in one of
    // those lines (applied here) came first in the file, so it is the one that is thrown.
    pipeline.send(batcher?.wholeLines() ?? null);
    await pipeline.settle(true);
    throw error;
  }
  if (format === null) {
    throw faultWithoutPosition(
      'file.empty',
      'The file is empty: it holds no users.',
      'Choose the file that holds the users.',
    );
  }
  pipeline.send(batcher?.end() ?? null);
  await pipeline.settle(true);
  reader?.end();
  return { format, compressed: source.compressed, cancelled: false };
}
