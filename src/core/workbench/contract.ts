/**
 * The contract between the Convert & check screen (and the CLI) and the workbench engine that runs in a worker.
 * Types only. The engine streams each file once: it detects the format, reads records, checks and fixes them, and
 * builds every output during that one pass, so a file of any size is processed in bounded memory.
 */
import type { FileProblem, Finding, RecordCounts, Severity, SourceRecord } from '../findings';

export type InputFormat = 'json-array' | 'ndjson' | 'csv';
export type OutputFormat = 'json' | 'ndjson' | 'csv' | 'import';

export interface WorkbenchInput {
  name: string;
  /** A File, a Blob, or (from the CLI) a Blob over a file on disk. */
  blob: Blob;
}

export interface WorkbenchOptions {
  /** The format of the converted file. 'import' is a JSON array Auth0's import job accepts (only valid records). */
  target: OutputFormat;
  /** Split the import file into parts of at most this many bytes (as the API counts them). Default 450,000. */
  splitBytes: number;
  /** Apply safe automatic fixes (strip `auth0|`, drop keys an import rejects, map renamed columns). Default true. */
  fix: boolean;
  /** False to only check: no converted file or parts are built (the CLI's `check`). Default true. */
  convert?: boolean;
  /** Converted CSV only: the cell delimiter. Default ','. */
  csvDelimiter?: CsvDelimiter;
  /** Converted CSV only: start with a UTF-8 byte order mark so Excel reads the file as UTF-8. Default false. */
  csvBom?: boolean;
  /**
   * Converted CSV only: prefix `'` to text cells that start with = + - @ tab or CR, so a spreadsheet does not run
   * them as formulas. Default true.
   */
  csvFormulaProtection?: boolean;
  /**
   * Helper threads that parse and check NDJSON and JSON array records in parallel (results are identical either way). 0 = none;
   * 'auto' = the platform's choice (see workers/workbench.worker.ts) for files over 8 MB. Where no helpers can
   * start (the CLI) the engine runs on one thread. Default: `defaultWorkers` in thread-plan.ts.
   */
  workers?: number | 'auto';
  /**
   * Import target only: remember which records went into which part, and start a part at each file (the Import
   * screen plans its jobs from this; see features/import/plan-from-check.ts). Default false.
   */
  placements?: boolean;
}

export type CsvDelimiter = ',' | ';' | '\t';

export const defaultWorkbenchOptions: WorkbenchOptions = { target: 'import', splitBytes: 450_000, fix: true };

export interface WorkbenchProgress {
  file: string;
  /** Index of the file in the inputs, and how many there are. */
  fileIndex: number;
  fileCount: number;
  records: number;
  /** Compressed bytes read of this file, and its size. */
  bytesRead: number;
  totalBytes: number;
  megabytesPerSecond: number;
  /** Seconds left for this file, null while unknown. */
  etaSeconds: number | null;
}

/** One automatic fix and how many records it changed. */
export interface FixCount {
  code: string;
  description: string;
  records: number;
}

export interface FileReport {
  name: string;
  format: InputFormat | null;
  compressed: boolean;
  bytes: number;
  counts: RecordCounts;
  fixes: FixCount[];
  /**
   * Set when the file could not be read; counts then cover the records read before the fault. None of them are in
   * the outputs: the good ones are counted as `skipped` (finding `file.unreadable-skipped`).
   */
  problem: FileProblem | null;
  /** Set when the user cancelled while this file was being read. */
  cancelled: boolean;
}

export interface WorkbenchSummary {
  files: FileReport[];
  counts: RecordCounts;
  findingCounts: { errors: number; warnings: number; byCode: Record<string, number> };
  /** Parts of the import file (only for target 'import'). */
  parts: number;
  elapsedMs: number;
}

export interface FindingQuery {
  severity?: Severity;
  code?: string;
  file?: string;
  /** Case-insensitive text to look for in the message, path and code. */
  text?: string;
  offset: number;
  limit: number;
}

export interface FindingPage {
  total: number;
  rows: Finding[];
}

export type DownloadKind = 'converted' | 'parts-zip' | 'error-report-csv' | 'error-report-json';

export interface Download {
  kind: DownloadKind | 'part';
  fileName: string;
  mimeType: string;
  blob: Blob;
}

/** The engine's interface, as the worker exposes it through Comlink and as the CLI calls it directly. */
export interface WorkbenchApi {
  /** Reads, checks and converts the inputs in order; resolves when all are done, failed or cancelled. */
  run(
    inputs: WorkbenchInput[],
    options: WorkbenchOptions,
    onProgress: (progress: WorkbenchProgress) => void,
  ): Promise<WorkbenchSummary>;
  /** Stops the current run after the record being read; what was read so far stays reported. */
  cancel(): void;
  /** A page of the last run's findings, filtered. */
  findings(query: FindingQuery): Promise<FindingPage>;
  /** The last run's outputs: converted file (or import parts), error reports; `only` limits which are built. */
  downloads(only?: readonly (DownloadKind | 'part')[]): Promise<Download[]>;
}

/** A fix Ferry applied to a record, e.g. `fix.user_id.auth0-prefix`. */
export interface AppliedFix {
  code: string;
  description: string;
}

/** The result of checking one record. */
export interface CheckedRecord {
  /** The record as it would be imported (after fixes when fixing is on); null when it is not an object at all. */
  value: Record<string, unknown> | null;
  findings: Finding[];
  fixes: AppliedFix[];
  /** No finding of severity 'error'. */
  valid: boolean;
  /** `value` serialized, when the checker had to serialize it anyway (saves a second JSON.stringify). */
  json?: string;
}

export interface RecordCheckOptions {
  /** Apply the safe automatic fixes. */
  fix: boolean;
  /** The job size limit a single record must fit in, in bytes as the API counts them. */
  jobSizeBytes: number;
}

/** Checks records one at a time, remembering what it has seen (duplicates across all files of a run). */
export interface RecordChecker {
  /**
   * `text` is the record's JSON source when the reader has it (JSON array, NDJSON): its length bounds the record's
   * size, so the checker need not serialize a record to measure it.
   */
  check(record: SourceRecord, file: string, text?: string | null): CheckedRecord;
  /**
   * Forgets what it remembered from the records of `file` (a file that failed partway: none of its records are
   * imported, so none may be named as the first of a duplicate).
   */
  forgetFile?(file: string): void;
  /** About `records` more records will come (an estimate): room for what it remembers of them, made at once. */
  expectRecords?(records: number): void;
  /**
   * The run is over: forgets what it remembers and gives that memory back at once (tens of MB for 1M users), not
   * whenever the garbage collector next gets to it.
   */
  release?(): void;
}
