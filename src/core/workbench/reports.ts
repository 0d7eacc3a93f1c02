import { BlobBuilder } from '../formats/blob-builder';
import { compileCsvColumns, csvHeaderLine, csvRowLine } from '../formats/csv-writer';
import type { FindingStore } from './finding-store';
import type { WorkbenchSummary } from './contract';

/** The columns of both error reports, in order (the CLI's `check --json` uses the same fields). */
export const reportFields = [
  'file',
  'record',
  'line',
  'path',
  'code',
  'severity',
  'message',
  'hint',
] as const;

/** The error report as CSV: one row per finding. Formula protection is on: messages quote file content. */
export function errorReportCsv(store: FindingStore): Blob {
  const out = new BlobBuilder();
  const columns = compileCsvColumns(reportFields.map((path) => ({ path })));
  const options = { bom: true, formulaProtection: true };
  out.append(csvHeaderLine(columns, options));
  for (let i = 0; i < store.count; i++) out.append(csvRowLine(store.get(i), columns, options));
  return out.toBlob('text/csv;charset=utf-8');
}

/**
 * The error report as one JSON document, `{"summary": {...}, "findings": [...]}`, one finding per line. This is also
 * exactly what `ferry check --json` prints.
 */
export function errorReportJson(store: FindingStore, summary: WorkbenchSummary): Blob {
  const out = new BlobBuilder();
  out.append(`{"summary":${JSON.stringify(summary)},\n"findings":[`);
  for (let i = 0; i < store.count; i++) {
    out.append(i === 0 ? '\n' : ',\n');
    out.append(JSON.stringify(store.get(i)));
  }
  out.append(store.count === 0 ? ']}\n' : '\n]}\n');
  return out.toBlob('application/json');
}
