/**
 * The reports of an import run, for the Import screen when a run ends and for the History screen later: one row per
 * record (CSV or JSON) and one row per job. Outcomes are streamed page by page into a BlobBuilder, so a report of a
 * million records never holds all its rows as strings at once. Rows come in the store's order (file, then record).
 */
import { BlobBuilder } from '../formats/blob-builder';
import { compileCsvColumns, csvHeaderLine, csvRowLine, type CsvWriteOptions } from '../formats/csv-writer';
import { JsonArrayWriter } from '../formats/json-writers';
import {
  emptyOutcomeCounts,
  type ImportRun,
  type OutcomeCounts,
  type OutcomeKind,
  type RecordOutcome,
} from './types';

/** Outcome pages, as a RunStore reads them back. */
export type OutcomePages = Iterable<readonly RecordOutcome[]> | AsyncIterable<readonly RecordOutcome[]>;

/** One row of the per-record report. `record` is 0-based (as in findings); `line` and `part` 1-based. */
export interface ReportRow {
  file: string;
  record: number;
  line: number | null;
  email: string | null;
  outcome: OutcomeKind;
  part: number | null;
  /** The Auth0 job that carried the record. */
  job_id: string | null;
  code: string | null;
  field: string | null;
  reason: string | null;
}

/** The report's columns, in order (CSV header and JSON keys alike). */
export const reportColumns = [
  'file',
  'record',
  'line',
  'email',
  'outcome',
  'part',
  'job_id',
  'code',
  'field',
  'reason',
] as const satisfies readonly (keyof ReportRow)[];

/** For a spreadsheet: a BOM so Excel reads UTF-8, and cells starting with = + - @ defused. */
const spreadsheetCsv: CsvWriteOptions = { bom: true, formulaProtection: true };
const compiledReportColumns = compileCsvColumns(reportColumns.map((path) => ({ path })));

/** An outcome as a report row: its part numbered from 1 and the job that carried it. */
export function reportRow(run: ImportRun, outcome: RecordOutcome): ReportRow {
  const chunk = outcome.chunk === null ? undefined : run.chunks[outcome.chunk];
  return {
    file: outcome.file,
    record: outcome.record,
    line: outcome.line,
    email: outcome.email,
    outcome: outcome.outcome,
    part: outcome.chunk === null ? null : outcome.chunk + 1,
    job_id: chunk?.jobId ?? null,
    code: outcome.code,
    field: outcome.field,
    reason: outcome.reason,
  };
}

/** One CSV line per record (RFC 4180, CRLF), for a spreadsheet. */
export async function runReportCsv(run: ImportRun, pages: OutcomePages): Promise<Blob> {
  const out = new BlobBuilder();
  out.append(csvHeaderLine(compiledReportColumns, spreadsheetCsv));
  for await (const page of pages) {
    for (const outcome of page)
      out.append(csvRowLine(reportRow(run, outcome), compiledReportColumns, spreadsheetCsv));
  }
  return out.toBlob('text/csv;charset=utf-8');
}

/** The run (tenant, connection, options), its totals, its parts with job ids, and one entry per record. */
export async function runReportJson(
  run: ImportRun,
  totals: OutcomeCounts,
  pages: OutcomePages,
): Promise<Blob> {
  const out = new BlobBuilder();
  const { chunks, ...about } = run;
  out.append(
    `{"run":${JSON.stringify(about)},\n"totals":${JSON.stringify(totals)},\n"parts":${JSON.stringify(chunks)},\n"records":`,
  );
  const records = new JsonArrayWriter(out);
  for await (const page of pages)
    for (const outcome of page) records.add(JSON.stringify(reportRow(run, outcome)));
  out.append(records.records === 0 ? '[]' : '\n]');
  out.append('}\n');
  return out.toBlob('application/json');
}

/** One row per job (part) for the run's summary table: where it is, its per-record counts, what Auth0 said. */
export type JobSummaryRow = {
  part: number;
  file: string;
  /** 0-based first and last record index of the part in its file. */
  records: string;
  jobId: string | null;
  status: string;
  attempts: number;
} & OutcomeCounts & {
    /** Auth0's own summary, when it gave one. */
    auth0: string | null;
    seconds: number | null;
    notes: string;
  };

export function jobSummaryRows(run: ImportRun): JobSummaryRow[] {
  return run.chunks.map((chunk) => {
    const s = chunk.summary;
    return {
      part: chunk.index + 1,
      file: chunk.file,
      records: `${chunk.firstRecord}-${chunk.lastRecord}`,
      jobId: chunk.jobId ?? null,
      status: chunk.status,
      attempts: chunk.attempts,
      ...emptyOutcomeCounts(),
      ...chunk.counts,
      auth0: s ? `${s.inserted} inserted, ${s.updated} updated, ${s.failed} failed of ${s.total}` : null,
      seconds:
        chunk.submittedAt !== null && chunk.finishedAt !== null
          ? Math.round((chunk.finishedAt - chunk.submittedAt) / 1000)
          : null,
      notes: [chunk.resend?.reason, ...(chunk.errors ?? []).map((e) => e.message)].filter(Boolean).join(' '),
    };
  });
}

const jobSummaryColumns = compileCsvColumns(
  [
    ...['part', 'file', 'records', 'jobId', 'status', 'attempts'],
    ...Object.keys(emptyOutcomeCounts()),
    ...['auth0', 'seconds', 'notes'],
  ].map((path) => ({ path })),
);

/** The job summary as CSV, written like the per-record report. */
export function jobSummaryCsv(run: ImportRun): Blob {
  const out = new BlobBuilder();
  out.append(csvHeaderLine(jobSummaryColumns, spreadsheetCsv));
  for (const row of jobSummaryRows(run)) out.append(csvRowLine(row, jobSummaryColumns, spreadsheetCsv));
  return out.toBlob('text/csv;charset=utf-8');
}
