/** The records of a run that did not go in (failed, skipped, unknown): the first few for the screen, and how many. */
import { reportRow, type OutcomePages, type ReportRow } from './run-reports';
import type { ImportRun, OutcomeKind } from './types';

export interface NotImported {
  /** The first `limit` of them, in the run's file order, then record order. */
  rows: ReportRow[];
  count: number;
}

const notIn: ReadonlySet<OutcomeKind> = new Set(['failed', 'skipped', 'unknown']);

/**
 * Streams the outcomes and keeps only the first `limit` rows by (file, record): the pages may come in any order,
 * so rows are gathered and trimmed whenever the buffer reaches twice the limit (memory stays bounded by the limit).
 */
export async function notImportedRows(
  run: ImportRun,
  pages: OutcomePages,
  limit: number,
): Promise<NotImported> {
  const fileOrder = new Map(run.files.map((file, i) => [file.name, i]));
  const order = (a: ReportRow, b: ReportRow): number =>
    (fileOrder.get(a.file) ?? 0) - (fileOrder.get(b.file) ?? 0) || a.record - b.record;
  let rows: ReportRow[] = [];
  let count = 0;
  const trim = () => {
    rows = rows.sort(order).slice(0, limit);
  };
  for await (const page of pages) {
    for (const outcome of page) {
      if (!notIn.has(outcome.outcome)) continue;
      count++;
      rows.push(reportRow(run, outcome));
      if (rows.length >= 2 * Math.max(limit, 1)) trim();
    }
  }
  trim();
  return { rows, count };
}
