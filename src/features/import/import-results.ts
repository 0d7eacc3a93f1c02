/**
 * What a finished (or stopped) run leaves the admin, read back from IndexedDB: the accounting check, the records
 * that did not go in (with reasons), and the downloads (failed records as an import file, the full report as CSV and
 * JSON, one summary row per job). Everything is read from the store, so it works the same after a reload; the same
 * report builders serve the History screen.
 */
import {
  checkAccounting,
  failedByChunk,
  failedRecordsFile,
  jobSummaryCsv,
  notImportedRows,
  runReportCsv,
  runReportJson,
  type AccountingReport,
  type ChunkPayloadSource,
  type ImportRun,
  type ReportRow,
} from '../../core/import';
import type { DexieRunStore } from '../../db/run-store';

export interface ResultFile {
  kind: 'failed-records' | 'report-csv' | 'report-json' | 'job-summary';
  fileName: string;
  description: string;
  blob: Blob;
}

export interface RunResults {
  accounting: AccountingReport;
  /** Records that did not go in (failed, skipped, unknown), in file order; the first `problemLimit` of them. */
  problems: ReportRow[];
  problemCount: number;
  failedCount: number;
  files: ResultFile[];
}

/** Rows shown on screen; the full list is in the report downloads. */
export const problemLimit = 500;

export async function buildRunResults(
  run: ImportRun,
  store: DexieRunStore,
  source: ChunkPayloadSource,
  signal: AbortSignal,
): Promise<RunResults> {
  const outcomes = () => store.readOutcomes(run.id);
  const accounting = await checkAccounting(run, outcomes());
  const notIn = await notImportedRows(run, outcomes(), problemLimit);
  const failed = await failedRecordsFile(run, await failedByChunk(outcomes()), source, signal);
  const base = `ferry-import-${run.tenant}-${stamp(run.createdAt)}`;
  const files: ResultFile[] = [
    {
      kind: 'failed-records',
      fileName: `${base}-failed-records.json`,
      description: `${failed.count} failed record(s) as an import file: fix them and import this file again`,
      blob: failed.blob,
    },
    {
      kind: 'report-csv',
      fileName: `${base}-report.csv`,
      description: 'Full report, one row per record (CSV)',
      blob: await runReportCsv(run, outcomes()),
    },
    {
      kind: 'report-json',
      fileName: `${base}-report.json`,
      description: 'Full report, one row per record (JSON)',
      blob: await runReportJson(run, await store.outcomeCounts(run.id), outcomes()),
    },
    {
      kind: 'job-summary',
      fileName: `${base}-jobs.csv`,
      description: 'One row per Auth0 job: id, status, counts, time',
      blob: jobSummaryCsv(run),
    },
  ];
  return {
    accounting,
    problems: notIn.rows,
    problemCount: notIn.count,
    failedCount: failed.count,
    files,
  };
}

const stamp = (time: number): string => new Date(time).toISOString().replace(/[:.]/g, '-').slice(0, 19);
