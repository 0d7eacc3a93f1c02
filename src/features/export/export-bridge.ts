/**
 * The page side of the export worker: starts it, wraps it with Comlink, and ends it when the screen is done with it.
 * Streams and file handles are transferred, not copied.
 */
import { proxy, transfer, wrap, type Endpoint, type Remote } from 'comlink';
import type {
  EngineProgress,
  EngineResult,
  FileRecords,
  UpdateDiffInput,
} from '../../core/export/pipeline/export-engine';
import type { ExportOutputSpec } from '../../core/export/pipeline/output-spec';
import type { BulkDiff } from '../../core/update/bulk-diff';
import type { RowProblem } from '../../core/export/pipeline/transform';
import type { ExportWorkerApi, WorkerTarget } from '../../../workers/export.worker';

export type { WorkerTarget };

/** What the export screen and the update flow ask of the worker. */
export interface ExportEnginePort {
  transformFile(
    input: ReadableStream<Uint8Array> | Blob,
    spec: ExportOutputSpec,
    target: WorkerTarget,
    onProgress: (progress: EngineProgress) => void,
  ): Promise<EngineResult>;
  beginRecords(
    spec: ExportOutputSpec,
    target: WorkerTarget,
    onProgress: (p: EngineProgress) => void,
  ): Promise<void>;
  addRecords(users: unknown[]): Promise<void>;
  endRecords(): Promise<EngineResult>;
  cancel(): Promise<void>;
  readRecords(file: Blob): Promise<FileRecords>;
  diffUpdate(input: UpdateDiffInput): Promise<BulkDiff & { readProblems: RowProblem[] }>;
  close(): void;
}

/*
 * The page's global Worker, declared here so this module also type-checks under the Node config (unit tests import
 * it). Vite bundles the worker because it sees the literal `new Worker(new URL(...), ...)` below.
 */
declare const Worker: new (
  url: URL,
  options: { type: 'module'; name: string },
) => Endpoint & { terminate(): void };

/** Starts an export worker. */
export function connectExportEngine(): ExportEnginePort {
  const worker = new Worker(new URL('../../../workers/export.worker.ts', import.meta.url), {
    type: 'module',
    name: 'ferry-export',
  });
  const remote: Remote<ExportWorkerApi> = wrap<ExportWorkerApi>(worker);
  return {
    transformFile: (input, spec, target, onProgress) =>
      remote.transformFile(
        input instanceof ReadableStream
          ? transfer(input, [input] as unknown as Parameters<typeof transfer>[1])
          : input,
        spec,
        target,
        proxy(onProgress),
      ),
    beginRecords: (spec, target, onProgress) => remote.beginRecords(spec, target, proxy(onProgress)),
    addRecords: (users) => remote.addRecords(users),
    endRecords: () => remote.endRecords(),
    cancel: () => remote.cancel(),
    readRecords: (file) => remote.readRecords(file),
    diffUpdate: (input) => remote.diffUpdate(input),
    close: () => worker.terminate(),
  };
}
