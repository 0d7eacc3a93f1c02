import type { Finding, RecordCounts } from '../findings';
import { emptyCounts } from '../findings';
import { createRecordChecker } from '../rules/record-checker';
import type {
  Download,
  DownloadKind,
  FileReport,
  FindingPage,
  FindingQuery,
  RecordCheckOptions,
  RecordChecker,
  WorkbenchApi,
  WorkbenchInput,
  WorkbenchOptions,
  WorkbenchProgress,
  WorkbenchSummary,
} from './contract';
import type { BatchCheckerPool } from './batch-contract';
import { planThreads } from './thread-plan';
import { createSplitChecker } from './split-check';
import type { ZipMaker } from '../formats/zip';
import { createConvertedOutput, csvWriteOptions, zipParts, type ConvertedOutput } from './converted-output';
import { runFilePass } from './file-pass';
import { FindingStore } from './finding-store';
import type { PlacementLedger } from '../formats/part-placements';
import { EventLoopTurns, ProgressClock } from './progress-clock';
import { errorReportCsv, errorReportJson } from './reports';

/** Makes the record checker for one run (a new one per run: it remembers duplicates across that run's files). */
export type CheckerFactory = (options: RecordCheckOptions) => RecordChecker;

/**
 * Threads the engine may use (the page's worker passes them; the CLI does not): helpers for batches, the batch size,
 * and where the parts' zip is packed.
 */
export interface ParallelSetup {
  pool?: BatchCheckerPool;
  /** Bytes per batch; tests use small batches to exercise many. */
  batchBytes?: number;
  /** Packs the parts' zip; `zipBlobs` on this thread by default (the page's worker: workers/zip-host.ts). */
  zip?: ZipMaker;
}

/** What a finished run leaves behind for `findings()` and `downloads()`. */
interface LastRun {
  store: FindingStore;
  summary: WorkbenchSummary;
  output: ConvertedOutput;
  baseName: string;
  /** The converted file or parts, built on first request. */
  converted: Promise<Download[]> | null;
  /** The parts' zip, built on first request. */
  zip: Promise<Download> | null;
}

type DownloadFilter = readonly (DownloadKind | 'part')[] | undefined;

/** The last run's import parts (in order) and which records went into each (asked for with `placements: true`). */
export interface RunPlacements {
  ledger: PlacementLedger;
  parts: Blob[];
}

/** The engine as it runs where it was made (a worker, the CLI): the workbench API and the last run's placements. */
export interface WorkbenchEngine extends WorkbenchApi {
  placements(): Promise<RunPlacements | null>;
}

/**
 * The workbench engine: one pass per file (read, check, count, convert), findings kept compactly, outputs built as
 * Blobs. The same object runs in the page's worker (through Comlink) and in the CLI.
 */
export function createWorkbench(
  checkerFactory: CheckerFactory = createRecordChecker,
  parallel?: ParallelSetup,
): WorkbenchEngine {
  // Batches run the built-in checker: a custom one (tests, the Import screen's capture) reads record by record.
  const setup = checkerFactory === createRecordChecker ? (parallel ?? {}) : undefined;
  let cancelled = false;
  let last: LastRun | null = null;

  return {
    async run(inputs, options, onProgress) {
      cancelled = false;
      last = null;
      const run = await runAll(inputs, options, onProgress, { checkerFactory, setup }, () => cancelled);
      last = run;
      return run.summary;
    },
    cancel() {
      cancelled = true;
    },
    async findings(query: FindingQuery): Promise<FindingPage> {
      return last ? last.store.query(query) : { total: 0, rows: [] };
    },
    async downloads(only?: DownloadFilter): Promise<Download[]> {
      return last ? buildDownloads(last, only, parallel?.zip) : [];
    },
    async placements(): Promise<RunPlacements | null> {
      const ledger = last?.output.placements;
      if (!last || !ledger) return null;
      // The parts in order: one part is the whole import file, more are the numbered parts.
      const parts = await buildDownloads(last, ['converted', 'part']);
      return { ledger, parts: parts.map((part) => part.blob) };
    },
  };
}

async function runAll(
  inputs: WorkbenchInput[],
  options: WorkbenchOptions,
  onProgress: (progress: WorkbenchProgress) => void,
  engine: { checkerFactory: CheckerFactory; setup: ParallelSetup | undefined },
  isCancelled: () => boolean,
): Promise<LastRun> {
  const started = performance.now();
  const checkOptions: RecordCheckOptions = {
    fix: options.fix,
    jobSizeBytes: options.splitBytes > 0 ? options.splitBytes : 512_000,
  };
  const threads = engine.setup ? planThreads(options, engine.setup) : null;
  const checker = threads
    ? createSplitChecker(checkOptions, threads.resolver)
    : engine.checkerFactory(checkOptions);
  const store = new FindingStore();
  const output = createConvertedOutput(
    options.convert === false ? 'none' : options.target,
    options.splitBytes,
    csvWriteOptions(options),
    options.placements === true,
  );
  const findingCounts: WorkbenchSummary['findingCounts'] = { errors: 0, warnings: 0, byCode: {} };
  const countFinding = (finding: Finding): void => {
    if (finding.severity === 'error') findingCounts.errors++;
    else findingCounts.warnings++;
    findingCounts.byCode[finding.code] = (findingCounts.byCode[finding.code] ?? 0) + 1;
  };
  const files: FileReport[] = [];
  // Files read record by record come here after every 32 KB of text; a batched pass takes its own turns within a chunk.
  const turns = new EventLoopTurns();
  for (const [fileIndex, input] of inputs.entries()) {
    const fileStoreIndex = store.addFile(input.name);
    if (isCancelled()) {
      files.push(notRead(input));
      continue;
    }
    const clock = new ProgressClock();
    const report = (records: number, bytesRead: number): WorkbenchProgress =>
      clock.progress({
        file: input.name,
        fileIndex,
        fileCount: inputs.length,
        records,
        bytesRead,
        totalBytes: input.blob.size,
      });
    output.beginFile(input.name);
    const fileReport = await runFilePass({
      name: input.name,
      blob: input.blob,
      fileIndex: fileStoreIndex,
      checker,
      store,
      output,
      splitBytes: options.splitBytes,
      onFindingCounted: countFinding,
      isCancelled,
      batched: threads?.forFile(input, checkOptions),
      onChunk: async (records, bytesRead) => {
        // Progress 10 times a second, and a turn for other tasks every few milliseconds of work: a cancel, a consumer
        // of the records (which must not fall far behind a fast reader), and V8's end of a mark-compact.
        if (clock.due()) onProgress(report(records, bytesRead));
        await turns.take();
      },
    });
    output.endFile();
    files.push(fileReport);
    onProgress(report(fileReport.counts.total, input.blob.size));
  }
  checker.release?.();
  const summary: WorkbenchSummary = {
    files,
    counts: sumCounts(files.map((file) => file.counts)),
    findingCounts,
    parts: output.parts,
    elapsedMs: Math.round(performance.now() - started),
  };
  return { store, summary, output, baseName: baseNameOf(inputs), converted: null, zip: null };
}

function notRead(input: WorkbenchInput): FileReport {
  return {
    name: input.name,
    format: null,
    compressed: false,
    bytes: input.blob.size,
    counts: emptyCounts(),
    fixes: [],
    problem: null,
    cancelled: true,
  };
}

function sumCounts(all: RecordCounts[]): RecordCounts {
  const total = emptyCounts();
  for (const counts of all) {
    total.total += counts.total;
    total.valid += counts.valid;
    total.fixed += counts.fixed;
    total.invalid += counts.invalid;
    total.skipped += counts.skipped;
  }
  return total;
}

/** Output names start from the input's name without extensions (`users.json.gz` -> `users`). */
export function baseNameOf(inputs: readonly WorkbenchInput[]): string {
  if (inputs.length !== 1) return 'users';
  const name = inputs[0].name.split(/[\\/]/).pop() ?? 'users';
  return name.replace(/\.gz$/i, '').replace(/\.(json|ndjson|jsonl|csv|txt)$/i, '') || 'users';
}

async function buildDownloads(run: LastRun, only: DownloadFilter, zip?: ZipMaker): Promise<Download[]> {
  const wanted = (kind: DownloadKind | 'part'): boolean => only === undefined || only.includes(kind);
  const downloads: Download[] = [];
  if (wanted('converted') || wanted('part') || wanted('parts-zip')) {
    run.converted ??= run.output.finish(run.baseName);
    const converted = await run.converted;
    downloads.push(...converted.filter((download) => wanted(download.kind)));
    const parts = converted.filter((download) => download.kind === 'part');
    if (wanted('parts-zip') && parts.length > 1) {
      run.zip ??= zipParts(parts, run.baseName, zip);
      downloads.push(await run.zip);
    }
  }
  if (wanted('error-report-csv')) {
    const csv = errorReportCsv(run.store);
    downloads.push({
      kind: 'error-report-csv',
      fileName: `${run.baseName}.errors.csv`,
      mimeType: csv.type,
      blob: csv,
    });
  }
  if (wanted('error-report-json')) {
    const json = errorReportJson(run.store, run.summary);
    downloads.push({
      kind: 'error-report-json',
      fileName: `${run.baseName}.errors.json`,
      mimeType: json.type,
      blob: json,
    });
  }
  return downloads;
}
