/**
 * The bench page: holds one data file as a Blob and runs, on request from the runner, either the real workbench
 * (through the same bridge and worker the app uses) or the plain-parse baseline over it.
 */
import type {
  BaselineKind,
  BaselineResult,
  BenchPage,
  ExportKind,
  ExportResult,
  ImportPlanResult,
  IndependentEnginesResult,
  LoadResult,
  WorkbenchResult,
} from '../bench-types';
import { runExportOnce } from './export-run';
import { runImportPlanOnce } from './import-plan-run';
import {
  buildDownloads,
  runEngineInPage as runEngineHere,
  runIndependentEngines as runEnginesOnSlices,
  runWorkbenchOnce,
} from './workbench-run';

let blob: Blob | null = null;
let held: Uint8Array | null = null;

function loadedBlob(): Blob {
  if (!blob) throw new Error('No file loaded: call load(url) first.');
  return blob;
}

async function load(url: string): Promise<LoadResult> {
  blob = null;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  blob = await response.blob();
  return { bytes: blob.size, crossOriginIsolated: self.crossOriginIsolated };
}

async function runWorkbench(
  fileName: string,
  workers?: number | 'auto',
  checkOnly = false,
): Promise<WorkbenchResult> {
  return runWorkbenchOnce(fileName, loadedBlob(), workers, checkOnly);
}

function runExport(kind: ExportKind): Promise<ExportResult> {
  return runExportOnce(kind, loadedBlob());
}

function runImportPlan(fileName: string, chunkBytes: number): Promise<ImportPlanResult> {
  return runImportPlanOnce(fileName, loadedBlob(), chunkBytes);
}

function runBaseline(kind: BaselineKind): Promise<BaselineResult> {
  const source = loadedBlob();
  const started = performance.now();
  const worker = new Worker(new URL('./baseline.worker.ts', import.meta.url), { type: 'module' });
  return new Promise<BaselineResult>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<{ records?: number; error?: string }>) => {
      worker.terminate();
      const { records, error } = event.data;
      if (error !== undefined || records === undefined) reject(new Error(error ?? 'no result'));
      else resolve({ kind, ms: performance.now() - started, records });
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(`baseline worker failed: ${event.message}`));
    };
    worker.postMessage({ blob: source, kind });
  });
}

function runEngineInPage(fileName: string, convert: boolean, helpers: number): Promise<number> {
  return runEngineHere(fileName, loadedBlob(), convert, helpers);
}

function runIndependentEngines(fileName: string, engines: number): Promise<IndependentEnginesResult> {
  return runEnginesOnSlices(fileName, loadedBlob(), engines);
}

function collectGarbage(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  return gc !== undefined;
}

async function holdMemory(megabytes: number): Promise<number> {
  held = new Uint8Array(megabytes * 1_000_000).fill(7);
  // Let the runner sample while the pages are resident.
  await new Promise((resolve) => setTimeout(resolve, 50));
  return held.byteLength;
}

function releaseMemory(): void {
  held = null;
}

const api: BenchPage = {
  load,
  runWorkbench,
  workbenchDownloads: buildDownloads,
  runBaseline,
  runExport,
  runImportPlan,
  runEngineInPage,
  runIndependentEngines,
  collectGarbage,
  holdMemory,
  releaseMemory,
};
(window as unknown as { ferryBench: BenchPage }).ferryBench = api;
document.body.dataset.ready = 'true';
