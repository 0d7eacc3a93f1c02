/**
 * The export engine, run in a worker (workers/export.worker.ts): it streams an export file (gzip NDJSON or CSV,
 * downloaded or dropped back in) or batches of search results through the transform into a Blob or a file, and
 * reads the two files of a bulk update for the change preview. No network and no token here: the page fetches.
 */
import { readFileRecords } from '../../formats/read-file';
import { diffBulkUpdate } from '../../update/bulk-diff';
import type { BulkDiff } from '../../update/bulk-diff';
import { BlobRunStore } from '../sort/blob-run-store';
import type { ExportOutputSpec } from './output-spec';
import { outputMimeType } from './output-spec';
import { RecordChannel } from './record-channel';
import { BlobSink, StreamSink } from './text-sink';
import type { TextSink } from './text-sink';
import { maxProblems, transformRecords } from './transform';
import type { RowProblem, TransformProgress, TransformResult } from './transform';

/** Where the output goes: a Blob returned to the page, or a byte stream (a file the admin chose). */
export type ExportTarget = { kind: 'blob' } | { kind: 'stream'; stream: WritableStream<Uint8Array> };

export interface EngineProgress extends TransformProgress {
  /** Bytes of the input read so far (compressed bytes for gzip), and the input's size when known. */
  bytesIn: number;
  totalBytesIn: number | null;
}

export interface EngineResult extends TransformResult {
  /** The output, for a Blob target; null when it went to a stream. */
  blob: Blob | null;
  bytesOut: number;
  /** Input records that could not be parsed (counted in `problems` too, up to the limit). */
  unreadable: number;
}

export interface FileRecords {
  records: unknown[];
  problems: RowProblem[];
}

export interface UpdateDiffInput {
  original: Blob;
  originalName: string;
  edited: Blob;
  editedName: string;
}

interface Run {
  channel: RecordChannel<unknown>;
  done: Promise<EngineResult>;
}

function sinkFor(target: ExportTarget, spec: ExportOutputSpec): TextSink {
  return target.kind === 'blob' ? new BlobSink(outputMimeType(spec.format)) : new StreamSink(target.stream);
}

async function finish(sink: TextSink, result: TransformResult, unreadable: number): Promise<EngineResult> {
  if (result.cancelled) {
    await sink.abort(new Error('cancelled'));
    return { ...result, blob: null, bytesOut: sink.bytes, unreadable };
  }
  const blob = await sink.close();
  return { ...result, blob, bytesOut: sink.bytes, unreadable };
}

/** Creates an engine. `runSize` (users held in memory per sorted run) is lowered by tests. */
export function createExportEngine(options: { runSize?: number } = {}) {
  let cancelled = false;
  let run: Run | null = null;
  const isCancelled = () => cancelled;
  const transformOptions = (onProgress: (p: TransformProgress) => void) => ({
    isCancelled,
    onProgress,
    runStore: () => new BlobRunStore<unknown>(),
    runSize: options.runSize,
  });

  const engine = {
    /** Streams one export file (gzip or plain; NDJSON, CSV or a JSON array) to the target. */
    async transformFile(
      input: ReadableStream<Uint8Array> | Blob,
      spec: ExportOutputSpec,
      target: ExportTarget,
      onProgress: (progress: EngineProgress) => void,
    ): Promise<EngineResult> {
      cancelled = false;
      const totalBytesIn = input instanceof Blob ? input.size : null;
      const stream = input instanceof Blob ? (input.stream() as ReadableStream<Uint8Array>) : input;
      const sink = sinkFor(target, spec);
      const channel = new RecordChannel<unknown>();
      const problems: RowProblem[] = [];
      let bytesIn = 0;
      let unreadable = 0;
      let batch: unknown[] = [];
      const reading = readFileRecords(stream, {
        sink: {
          record: (record) => void batch.push(record.value),
          unreadable: (index, line, issue) => {
            unreadable++;
            if (problems.length < maxProblems) {
              problems.push({
                row: index + 1,
                user: line === null ? `record ${index + 1}` : `line ${line}`,
                column: null,
                message: issue.message,
              });
            }
          },
        },
        onFormat: () => undefined,
        onBytes: (bytes) => (bytesIn = bytes),
        isCancelled,
        onChunkDone: async () => {
          const full = batch;
          batch = [];
          await channel.put(full);
        },
      }).then(
        async () => {
          await channel.put(batch);
          channel.close();
        },
        (error: unknown) => channel.fail(error),
      );
      try {
        const result = await transformRecords(
          channel,
          spec,
          sink,
          transformOptions((p) => onProgress({ ...p, bytesIn, totalBytesIn })),
        );
        result.problems.unshift(...problems.slice(0, maxProblems - result.problems.length));
        return await finish(sink, result, unreadable);
      } catch (error) {
        await sink.abort(error);
        throw error;
      } finally {
        channel.abandon();
        await reading;
      }
    },

    /** Starts an export fed by `addRecords` (search results); `endRecords` gives the result. */
    beginRecords(
      spec: ExportOutputSpec,
      target: ExportTarget,
      onProgress: (progress: EngineProgress) => void,
    ): void {
      cancelled = false;
      const sink = sinkFor(target, spec);
      const channel = new RecordChannel<unknown>();
      const progress = (p: TransformProgress) => onProgress({ ...p, bytesIn: 0, totalBytesIn: null });
      const done = transformRecords(channel, spec, sink, transformOptions(progress)).then(
        (result) => finish(sink, result, 0),
        async (error: unknown) => {
          await sink.abort(error);
          throw error;
        },
      );
      done.catch(() => channel.abandon());
      run = { channel, done };
    },

    async addRecords(users: unknown[]): Promise<void> {
      if (!run) throw new Error('No export is running: call beginRecords first');
      if (cancelled) return;
      await run.channel.put(users);
    },

    async endRecords(): Promise<EngineResult> {
      if (!run) throw new Error('No export is running: call beginRecords first');
      const current = run;
      run = null;
      current.channel.close();
      try {
        return await current.done;
      } finally {
        current.channel.abandon();
      }
    },

    /** Stops the running export after the current batch; its promise resolves with `cancelled: true`. */
    cancel(): void {
      cancelled = true;
      run?.channel.close();
    },

    /** Every record of a file (gzip or plain JSON array, NDJSON or CSV), with the lines that could not be read. */
    async readRecords(file: Blob): Promise<FileRecords> {
      const records: unknown[] = [];
      const problems: RowProblem[] = [];
      await readFileRecords(file.stream() as ReadableStream<Uint8Array>, {
        sink: {
          record: (record) => void records.push(record.value),
          unreadable: (index, line, issue) =>
            void problems.push({
              row: index + 1,
              user: line === null ? `record ${index + 1}` : `line ${line}`,
              column: null,
              message: issue.message,
            }),
        },
        onFormat: () => undefined,
        onBytes: () => undefined,
        isCancelled: () => false,
      });
      return { records, problems };
    },

    /** The bulk update's change preview: the original export against the edited copy. */
    async diffUpdate(input: UpdateDiffInput): Promise<BulkDiff & { readProblems: RowProblem[] }> {
      const original = await engine.readRecords(input.original);
      const edited = await engine.readRecords(input.edited);
      const diff = diffBulkUpdate(original.records, edited.records, {
        originalFile: input.originalName,
        editedFile: input.editedName,
      });
      return { ...diff, readProblems: [...original.problems, ...edited.problems] };
    },
  };
  return engine;
}

export type ExportEngine = ReturnType<typeof createExportEngine>;
