/**
 * What a run leaves the user: the failed records as a file ready to fix and import again, one report row per record
 * (CSV or JSON), and one summary row per job.
 */
import Papa from 'papaparse';
import type { ChunkPayloadSource } from './ports';
import type { ImportRun, OutcomeKind, RecordOutcome } from './types';

type Pages = Iterable<readonly RecordOutcome[]> | AsyncIterable<readonly RecordOutcome[]>;

/** One row of the full report. `record` is 0-based (as in findings); `line` 1-based. */
export interface ReportRow {
  file: string;
  record: number;
  line: number | null;
  email: string | null;
  outcome: OutcomeKind;
  code: string | null;
  field: string | null;
  reason: string | null;
}

export const reportColumns = [
  'file',
  'record',
  'line',
  'email',
  'outcome',
  'code',
  'field',
  'reason',
] as const;

/** All outcomes as report rows, in file order then record order. */
export async function reportRows(run: ImportRun, pages: Pages): Promise<ReportRow[]> {
  const fileOrder = new Map(run.files.map((file, i) => [file.name, i]));
  const rows: ReportRow[] = [];
  for await (const page of pages) {
    for (const o of page) {
      rows.push({
        file: o.file,
        record: o.record,
        line: o.line,
        email: o.email,
        outcome: o.outcome,
        code: o.code,
        field: o.field,
        reason: o.reason,
      });
    }
  }
  return rows.sort(
    (a, b) => (fileOrder.get(a.file) ?? 0) - (fileOrder.get(b.file) ?? 0) || a.record - b.record,
  );
}

/** The report as CSV (RFC 4180, with cells that a spreadsheet would run as a formula escaped). */
export function reportCsv(rows: readonly ReportRow[]): Blob {
  const parts: string[] = [Papa.unparse([reportColumns as unknown as string[]], { newline: '\r\n' }), '\r\n'];
  const batch = 10_000;
  for (let start = 0; start < rows.length; start += batch) {
    const cells = rows
      .slice(start, start + batch)
      .map((row) => reportColumns.map((column) => row[column] ?? ''));
    parts.push(Papa.unparse(cells, { newline: '\r\n', escapeFormulae: true }), '\r\n');
  }
  return new Blob(parts, { type: 'text/csv;charset=utf-8' });
}

/** The report as a JSON array of rows. */
export function reportJson(rows: readonly ReportRow[]): Blob {
  const parts = ['['];
  rows.forEach((row, i) => parts.push(i === 0 ? '\n' : ',\n', JSON.stringify(row)));
  parts.push('\n]\n');
  return new Blob(parts, { type: 'application/json' });
}

/**
 * The failed records, exactly as they were sent, as an import file (a JSON array, one record per line): fix them
 * and import the file again. Records are read back through the payload source, chunk by chunk.
 */
export async function failedRecordsFile(
  run: ImportRun,
  pages: Pages,
  source: ChunkPayloadSource,
  signal: AbortSignal,
): Promise<{ blob: Blob; count: number }> {
  const failedByChunk = new Map<number, Set<number>>();
  for await (const page of pages) {
    for (const outcome of page) {
      if (outcome.outcome !== 'failed' || outcome.chunk === null) continue;
      const set = failedByChunk.get(outcome.chunk) ?? new Set<number>();
      set.add(outcome.record);
      failedByChunk.set(outcome.chunk, set);
    }
  }
  const parts = ['['];
  let count = 0;
  for (const chunk of run.chunks) {
    const failed = failedByChunk.get(chunk.index);
    if (!failed) continue;
    for (const record of await source.chunkRecords(chunk, signal)) {
      if (!failed.has(record.index)) continue;
      parts.push(count === 0 ? '\n' : ',\n', record.json);
      count += 1;
    }
  }
  parts.push(count === 0 ? ']\n' : '\n]\n');
  return { blob: new Blob(parts, { type: 'application/json' }), count };
}

/** One row per job (chunk) for the run's summary table. */
export interface JobSummaryRow {
  part: number;
  file: string;
  /** 0-based first and last record index of the part in its file. */
  records: string;
  jobId: string | null;
  status: string;
  attempts: number;
  inserted: number;
  updated: number;
  imported: number;
  failed: number;
  skipped: number;
  unknown: number;
  /** Auth0's own summary, when it gave one. */
  auth0: string | null;
  seconds: number | null;
  notes: string;
}

export function jobSummaryRows(run: ImportRun): JobSummaryRow[] {
  return run.chunks.map((chunk) => {
    const counts = chunk.counts;
    const s = chunk.summary;
    return {
      part: chunk.index + 1,
      file: chunk.file,
      records: `${chunk.firstRecord}-${chunk.lastRecord}`,
      jobId: chunk.jobId ?? null,
      status: chunk.status,
      attempts: chunk.attempts,
      inserted: counts?.inserted ?? 0,
      updated: counts?.updated ?? 0,
      imported: counts?.imported ?? 0,
      failed: counts?.failed ?? 0,
      skipped: counts?.skipped ?? 0,
      unknown: counts?.unknown ?? 0,
      auth0: s ? `${s.inserted} inserted, ${s.updated} updated, ${s.failed} failed of ${s.total}` : null,
      seconds:
        chunk.submittedAt !== null && chunk.finishedAt !== null
          ? Math.round((chunk.finishedAt - chunk.submittedAt) / 1000)
          : null,
      notes: [chunk.resend?.reason, ...(chunk.errors ?? []).map((e) => e.message)].filter(Boolean).join(' '),
    };
  });
}
