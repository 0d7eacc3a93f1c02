/** What the bench page reports back to the runner: shared by the page (browser) and run.ts (Node), types only. */
import type { RecordCounts } from '../../src/core/findings';

/**
 * The plain parses the workbench is compared with, in a worker of the same page, from the same Blob. NDJSON has two:
 * streamed (bounded memory, like the engine) and whole-text (faster, memory grows with the file); the faster counts.
 */
export type BaselineKind = 'json-parse' | 'ndjson-stream' | 'ndjson-text' | 'papaparse' | 'gzip-ndjson';

/** The two outputs the export path is measured with: CSV with the default 11 fields, and import-ready JSON. */
export type ExportKind = 'csv' | 'import-ready';

/** One export through the app's export worker (`transformFile`, Blob target), as the Export screen runs it. */
export interface ExportResult {
  kind: ExportKind;
  /** Wall time as the page saw it, worker start-up included. */
  ms: number;
  read: number;
  written: number;
  skipped: number;
  warnings: number;
  unreadable: number;
  /** Size of the output Blob. */
  bytesOut: number;
  progressEvents: number;
}

/** The Import screen's planning: `check()` then `plan()` in the app's import-plan worker. */
export interface ImportPlanResult {
  /** check + plan, worker start-up included. */
  ms: number;
  checkMs: number;
  planMs: number;
  total: number;
  valid: number;
  fixed: number;
  invalid: number;
  chunks: number;
  /** Records planned into chunks, and records left out (skipped with a reason). */
  planned: number;
  skipped: number;
  /** Sum of the payload Blobs' sizes, and the largest one. */
  payloadBytes: number;
  largestPayload: number;
}

export interface LoadResult {
  bytes: number;
  /** Whether the page is cross-origin isolated (COOP/COEP took effect). */
  crossOriginIsolated: boolean;
}

export interface WorkbenchResult {
  /** Wall time of `run()` (the single read-check-convert pass) as the page saw it, worker start-up included. */
  ms: number;
  counts: RecordCounts;
  /** The engine's own elapsed time, for comparison with `ms`. */
  engineMs: number;
  errors: number;
  warnings: number;
  byCode: Record<string, number>;
  parts: number;
  progressEvents: number;
  /** A problem the engine reported for the file, if any (code and message). */
  problem: string | null;
}

/** `downloads()` after a run: the engine finishes the parts, zips them and writes the error reports. */
export interface DownloadsResult {
  ms: number;
  files: number;
  /** Bytes of the import JSON (the parts, or the single converted file), and of every output together. */
  importBytes: number;
  outputBytes: number;
}

/** `runIndependentEngines`: one workbench worker per slice of an NDJSON file, all at once, nothing shared. */
export interface IndependentEnginesResult {
  /** Wall time until the last engine finished, worker start-ups included. */
  ms: number;
  /** Records the engines read together (the file's, when the slices were cut right). */
  records: number;
}

export interface BaselineResult {
  kind: BaselineKind;
  ms: number;
  records: number;
}

/** The functions the bench page puts on `window.ferryBench` for the runner to call. */
export interface BenchPage {
  /** Fetches a data file into a Blob held by the page (so disk and network are not part of what is timed). */
  load(url: string): Promise<LoadResult>;
  /**
   * Runs the workbench over the loaded file; the worker stays open for `workbenchDownloads`. `workers` as in
   * WorkbenchOptions (undefined: the app's default); `checkOnly` builds no output (the workbench's `convert: false`).
   */
  runWorkbench(fileName: string, workers?: number | 'auto', checkOnly?: boolean): Promise<WorkbenchResult>;
  /** Builds the last run's downloads, then closes the worker. */
  workbenchDownloads(): Promise<DownloadsResult>;
  runBaseline(kind: BaselineKind): Promise<BaselineResult>;
  /** Exports the loaded export file (gzip NDJSON) to CSV or import-ready JSON; the output Blob is dropped after. */
  runExport(kind: ExportKind): Promise<ExportResult>;
  /** Checks the loaded file and plans its import parts (payload Blobs), then closes the worker. */
  runImportPlan(fileName: string, chunkBytes: number): Promise<ImportPlanResult>;
  /**
   * Runs the workbench engine on the page's own thread (no worker), so a CDP profiler attached to the page sees it
   * (profile-browser.ts); `convert: false` checks only; `helpers` > 0 has the batches checked by helper workers.
   * Returns the engine's time in milliseconds.
   */
  runEngineInPage(fileName: string, convert: boolean, helpers: number): Promise<number>;
  /**
   * Cuts the loaded NDJSON file into `engines` slices at line ends and checks each in a workbench worker of its own
   * (no helpers), all at once, with nothing shared between them: what parallel checking could reach at best on this
   * machine, with no coordination at all (parallel-ceiling.ts). Not a correct check of the file: duplicates across
   * slices go unnoticed.
   */
  runIndependentEngines(fileName: string, engines: number): Promise<IndependentEnginesResult>;
  /** Runs a full garbage collection when Chromium was started with --expose-gc; returns whether it could. */
  collectGarbage(): boolean;
  /** Allocates and touches `megabytes` MB for a moment, so the runner can tell which renderer process is this page. */
  holdMemory(megabytes: number): Promise<number>;
  releaseMemory(): void;
}
