/**
 * The export engine in a Web Worker, exposed through Comlink: export files are decompressed, read, sorted and
 * written here so the page stays responsive. No UI and no tokens live in this worker; the page does every fetch.
 */
import { expose } from 'comlink';
import { createExportEngine } from '../src/core/export/pipeline/export-engine';
import type { EngineProgress, EngineResult, ExportTarget } from '../src/core/export/pipeline/export-engine';
import type { ExportOutputSpec } from '../src/core/export/pipeline/output-spec';

/** The part of a FileSystemFileHandle used here (declared so the page and Node configs type-check this module too). */
export interface WritableFileHandle {
  readonly name: string;
  createWritable(): Promise<WritableStream>;
}

/** A target as the page sends it: a Blob, or a file handle from showSaveFilePicker (opened for writing here). */
export type WorkerTarget = { kind: 'blob' } | { kind: 'file'; handle: WritableFileHandle };

const engine = createExportEngine();

async function openTarget(target: WorkerTarget): Promise<ExportTarget> {
  if (target.kind === 'blob') return target;
  const writable = await target.handle.createWritable();
  return { kind: 'stream', stream: writable as unknown as WritableStream<Uint8Array> };
}

const api = {
  ...engine,
  async transformFile(
    input: ReadableStream<Uint8Array> | Blob,
    spec: ExportOutputSpec,
    target: WorkerTarget,
    onProgress: (progress: EngineProgress) => void,
  ): Promise<EngineResult> {
    return engine.transformFile(input, spec, await openTarget(target), onProgress);
  },
  async beginRecords(
    spec: ExportOutputSpec,
    target: WorkerTarget,
    onProgress: (progress: EngineProgress) => void,
  ): Promise<void> {
    engine.beginRecords(spec, await openTarget(target), onProgress);
  },
};

/** What the page's bridge wraps (it imports this type only, never the worker module). */
export type ExportWorkerApi = typeof api;

expose(api);
