/**
 * readFileRecords (formats/read-file.ts) for a batched pass: the same stream, decompression, format detection and
 * faults, but an NDJSON file is cut into batches of whole lines and a JSON array into batches of whole elements (as
 * bytes), which batch checkers (helper threads, or this thread) check while this thread reads on; results are
 * applied strictly in batch order. CSV is decoded and read here with its usual reader.
 */
import { emptyFileFault } from '../formats/file-problem';
import type { InputFormat } from './contract';
import { JsonArrayReader } from '../formats/json-array-reader';
import { createRecordReader, type ReadFileHooks, type ReadFileResult } from '../formats/read-file';
import type { RecordReader } from '../formats/record-reader';
import { detectFormat } from '../formats/sniff';
import { openByteSource, Utf8ChunkDecoder, type ByteChunk } from '../formats/text-source';
import type { BatchCheckers, BatchRequest, BatchResult, RecordBatch } from './batch-contract';
import { checkBatch } from './batch-check';
import { JsonArrayBatcher } from './json-array-batches';
import { NdjsonBatcher } from './ndjson-batches';
import { EventLoopTurns } from './progress-clock';

export interface BatchPlan {
  checkers: BatchCheckers;
  /** The request for a batch (file name, check options, which JSON to return). */
  request(batch: RecordBatch, seq: number): BatchRequest;
  /** Applies a result in file order; throws a FileProblemError when the batch ended in a fault. */
  apply(result: BatchResult, batch: RecordBatch): void;
  /** Bytes per batch (tests use small batches). */
  batchBytes?: number;
}

/** What a pipeline hands batches back to once their results are applied. */
interface BatchRecycler {
  release(batch: RecordBatch): void;
}

interface InFlight {
  batch: RecordBatch;
  result: Promise<BatchResult>;
  settled: boolean;
}

/** Batches sent out and not yet applied, oldest first. */
class BatchPipeline {
  /** An applied batch ended in a fault: the file stops there. */
  failed = false;
  private readonly queue: InFlight[] = [];
  private seq = 0;
  /** Where the next batch starts, for batches the batcher left unnumbered. */
  private nextLine = 1;
  private nextRecord = 0;
  private readonly plan: BatchPlan;
  private readonly depth: number;
  recycler: BatchRecycler | null = null;

  constructor(plan: BatchPlan) {
    this.plan = plan;
    // Two per helper keeps each busy while its last result travels back and is applied.
    this.depth = plan.checkers.size * 2 + 1;
  }

  send(batch: RecordBatch | null): void {
    if (batch === null) return;
    const { checkNow } = this.plan.checkers;
    if (batch.records < 0 && checkNow) {
      // Checked here and now: number it from the last one's result, then the next from this one's.
      batch.firstLine = this.nextLine;
      batch.firstRecord = this.nextRecord;
      const result = checkNow(this.plan.request(batch, this.seq++));
      batch.records = result.records;
      this.nextLine += result.lineCount;
      this.nextRecord += result.records;
      this.queue.push({ batch, result: Promise.resolve(result), settled: true });
      return;
    }
    const request = this.plan.request(batch, this.seq++);
    // A helper that fails (crashed, out of memory) must not lose the batch: it is checked here instead. The request
    // keeps its own copy of the bytes for that (a helper is sent a copy it can take).
    const result = this.plan.checkers.check(request).catch(() => checkBatch(request));
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
      this.recycler?.release(head.batch);
    }
  }
}

/**
 * Where a file's chunks go once its format is known: NDJSON bytes into batches of lines, a JSON array's into batches
 * of elements (until the batcher stops: then the rest goes to a JsonArrayReader that takes over), other text into its
 * reader.
 */
class ChunkRouter {
  private lineBatcher: NdjsonBatcher | null = null;
  private arrayBatcher: JsonArrayBatcher | null = null;
  private reader: RecordReader | null = null;
  private decoder: Utf8ChunkDecoder | null = null;
  private readonly turns = new EventLoopTurns();

  constructor(
    format: InputFormat,
    private readonly hooks: ReadFileHooks,
    private readonly plan: BatchPlan,
    private readonly pipeline: BatchPipeline,
  ) {
    if (format === 'ndjson') {
      this.lineBatcher = new NdjsonBatcher(plan.batchBytes, plan.checkers.checkNow === undefined);
      pipeline.recycler = this.lineBatcher;
    } else if (format === 'json-array') {
      this.arrayBatcher = new JsonArrayBatcher(plan.batchBytes);
      pipeline.recycler = this.arrayBatcher;
    } else {
      this.reader = createRecordReader(format, hooks.sink);
      this.decoder = new Utf8ChunkDecoder();
    }
  }

  /** Reads a chunk, letting the event loop turn between its batches or text pieces (see `EventLoopTurns`). */
  async feed(chunk: ByteChunk): Promise<void> {
    const batcher = this.lineBatcher ?? this.arrayBatcher;
    if (batcher) {
      for (const batch of batcher.push(chunk)) {
        this.pipeline.send(batch);
        await this.turns.take();
      }
      if (this.arrayBatcher?.stopped) await this.readRestAsText();
      return;
    }
    await this.readText(chunk);
  }

  /** The whole records held and not sent yet (for a cancel or a fault), or null. */
  wholeRecords(): RecordBatch | null {
    return this.lineBatcher?.wholeLines() ?? this.arrayBatcher?.wholeElements() ?? null;
  }

  async end(): Promise<void> {
    if (this.lineBatcher) {
      this.pipeline.send(this.lineBatcher.end());
      return;
    }
    if (this.arrayBatcher) {
      this.pipeline.send(this.arrayBatcher.end());
      if (!this.arrayBatcher.stopped) return;
      await this.readRestAsText();
    }
    for (const text of (this.decoder as Utf8ChunkDecoder).restText())
      this.reader?.push(text.text, text.byteOffset);
    this.reader?.end();
  }

  private async readText(chunk: ByteChunk): Promise<void> {
    for (const text of (this.decoder as Utf8ChunkDecoder).texts(chunk)) {
      this.reader?.push(text.text, text.byteOffset);
      await this.turns.take();
    }
  }

  /**
   * The array batcher stopped (a fault, or an element it does not batch): the batches sent are applied first, then
   * a JsonArrayReader reads on from just after the last whole element, record by record.
   */
  private async readRestAsText(): Promise<void> {
    const batcher = this.arrayBatcher as JsonArrayBatcher;
    this.arrayBatcher = null;
    this.pipeline.send(batcher.wholeElements());
    await this.pipeline.settle(true);
    const rest = batcher.rest();
    this.reader = new JsonArrayReader(this.hooks.sink, rest.resume);
    this.decoder = new Utf8ChunkDecoder();
    await this.readText({ bytes: rest.bytes, byteOffset: rest.byteOffset });
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
  const source = await openByteSource(stream, (bytes) => {
    bytesRead += bytes;
    hooks.onBytes(bytesRead);
  });
  const pipeline = new BatchPipeline(plan);
  let format: InputFormat | null = null;
  let router: ChunkRouter | null = null;
  // Until the format is known: copies of the chunks (the source reuses its buffer) and a decoder for sniffing only.
  const waiting: ByteChunk[] = [];
  const sniffing = new TextDecoder('utf-8', { ignoreBOM: true });
  try {
    for await (const chunk of source.chunks) {
      if (router === null) {
        waiting.push({ bytes: chunk.bytes.slice(), byteOffset: chunk.byteOffset });
        format = detectFormat(sniffing.decode(chunk.bytes, { stream: true }));
        if (format === null) continue;
        hooks.onFormat(format, source.compressed);
        router = new ChunkRouter(format, hooks, plan, pipeline);
        for (const held of waiting.splice(0)) await router.feed(held);
      } else await router.feed(chunk);
      await pipeline.settle(false);
      await hooks.onChunkDone?.();
      if (hooks.isCancelled()) {
        pipeline.send(router.wholeRecords());
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
    pipeline.send(router?.wholeRecords() ?? null);
    await pipeline.settle(true);
    throw error;
  }
  if (router === null) {
    throw emptyFileFault();
  }
  await router.end();
  await pipeline.settle(true);
  return { format, compressed: source.compressed, cancelled: false };
}
