/**
 * Reports of a stored import run, built again from its outcomes: the full per-record report (CSV or JSON) and the
 * failed records as a new import file. Outcomes are streamed page by page into a BlobBuilder: a report of a million
 * records never holds all rows as strings at once.
 */
import { BlobBuilder } from '../core/formats/blob-builder';
import { compileCsvColumns, csvHeaderLine, csvRowLine } from '../core/formats/csv-writer';
import { JsonArrayWriter } from '../core/formats/json-writers';
import { readFileRecords } from '../core/formats/read-file';
import type { ImportRun, OutcomeCounts, RecordOutcome } from '../core/import/types';

type Pages = AsyncIterable<readonly RecordOutcome[]>;

const reportColumns = compileCsvColumns(
  ['file', 'record', 'line', 'email', 'outcome', 'part', 'job_id', 'code', 'field', 'reason'].map((path) => ({
    path,
  })),
);

/** A report row: the outcome with its part numbered from 1 and the Auth0 job that carried it. */
function reportRow(run: ImportRun, outcome: RecordOutcome) {
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

/** One line per record, for a spreadsheet: BOM for Excel, and cells starting with = + - @ defused. */
export async function runReportCsv(run: ImportRun, pages: Pages): Promise<Blob> {
  const options = { bom: true, formulaProtection: true };
  const out = new BlobBuilder();
  out.append(csvHeaderLine(reportColumns, options));
  for await (const page of pages) {
    for (const outcome of page) out.append(csvRowLine(reportRow(run, outcome), reportColumns, options));
  }
  return out.toBlob('text/csv');
}

/** The run (tenant, connection, options, parts with job ids), its totals, and one entry per record. */
export async function runReportJson(run: ImportRun, totals: OutcomeCounts, pages: Pages): Promise<Blob> {
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

/** The original file, as the user picks it again (the run never keeps records). */
export interface SourceFile {
  name: string;
  stream(): ReadableStream<Uint8Array>;
}

export interface FailedRecordsFile {
  blob: Blob;
  records: number;
}

/** Record indices of failed outcomes, per file. */
export async function failedRecordIndices(pages: Pages): Promise<Map<string, Set<number>>> {
  const failed = new Map<string, Set<number>>();
  for await (const page of pages) {
    for (const outcome of page) {
      if (outcome.outcome !== 'failed') continue;
      const set = failed.get(outcome.file) ?? new Set<number>();
      set.add(outcome.record);
      failed.set(outcome.file, set);
    }
  }
  return failed;
}

/**
 * The failed records, taken from the original files, as one JSON array ready to fix and import again. Throws an
 * Error naming the file when a picked file is not one of the run's, or no longer has the same number of records.
 */
export async function failedRecordsFile(
  run: ImportRun,
  failed: Map<string, Set<number>>,
  files: readonly SourceFile[],
): Promise<FailedRecordsFile> {
  const writer = new JsonArrayWriter(new BlobBuilder());
  for (const [name, indices] of failed) {
    const file = files.find((candidate) => candidate.name === name);
    const info = run.files.find((candidate) => candidate.name === name);
    if (!file || !info)
      throw new Error(`Choose the file "${name}": it holds ${indices.size} of the failed records.`);
    let seen = 0;
    await readFileRecords(file.stream(), {
      sink: {
        record(record, text) {
          seen++;
          if (indices.has(record.index)) writer.add(text ?? JSON.stringify(record.value));
        },
        unreadable() {
          seen++;
        },
      },
      onFormat() {},
      onBytes() {},
      isCancelled: () => false,
    });
    if (seen !== info.records) {
      throw new Error(
        `"${name}" now has ${seen} records, but the run read ${info.records}: it is not the same file. Choose the file that was imported.`,
      );
    }
  }
  const records = writer.records;
  return { blob: writer.finish(), records };
}
