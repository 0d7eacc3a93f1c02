/** One line of the History screen, the same shape for an import run and an export. */
import { addCounts } from '../core/import/poll-job';
import { emptyOutcomeCounts, type ImportRun, type OutcomeCounts } from '../core/import/types';
import type { ExportRecord } from './export-record';

export type HistoryKind = 'import' | 'export';

export interface HistoryEntry {
  kind: HistoryKind;
  id: string;
  tenant: string;
  /** "name (id)" of the connection, or null (an export by search query). */
  connection: string | null;
  files: string[];
  /** The options the run or export used, in words. */
  options: string[];
  status: string;
  /** Counts that mean something for the kind, in display order (inserted, updated, ..., or exported, ...). */
  counts: { label: string; value: number }[];
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  problem: string | null;
  /**
   * Import runs: every part's payload is stored, so the failed records can be saved without the original file (not
   * so for a run read from a history file, or one whose payloads are gone). Always false for an export.
   */
  payloadsKept: boolean;
}

const connectionText = (connection: { id: string; name: string } | null): string | null =>
  connection ? `${connection.name} (${connection.id})` : null;

/** A run's totals: the stored outcome totals when there are any, else what its chunks counted. */
export function runTotals(run: ImportRun, stored: OutcomeCounts | undefined): OutcomeCounts {
  if (stored && Object.values(stored).some((n) => n > 0)) return stored;
  return run.chunks.reduce(
    (sum, chunk) => (chunk.counts ? addCounts(sum, chunk.counts) : sum),
    emptyOutcomeCounts(),
  );
}

export function importEntry(run: ImportRun, totals: OutcomeCounts, payloadsKept = false): HistoryEntry {
  const { options } = run;
  const counts = [
    { label: 'inserted', value: totals.inserted },
    { label: 'updated', value: totals.updated },
    { label: 'imported', value: totals.imported },
    { label: 'failed', value: totals.failed },
    { label: 'skipped', value: totals.skipped },
    { label: 'unknown', value: totals.unknown },
  ].filter((count) => count.value > 0 || ['inserted', 'updated', 'failed', 'skipped'].includes(count.label));
  return {
    kind: 'import',
    id: run.id,
    tenant: run.tenant,
    connection: connectionText(run.connection),
    files: run.files.map((file) => file.name),
    options: [
      options.upsert ? 'update existing users' : 'insert only',
      options.sendCompletionEmail ? 'completion email on' : 'completion email off',
      `${run.chunks.length} part${run.chunks.length === 1 ? '' : 's'} of up to ${Math.round(options.chunkBytes / 1000)} kB`,
      `external id ${options.externalId}`,
    ],
    status: run.status,
    counts,
    createdAt: run.createdAt,
    startedAt: run.timings.startedAt,
    finishedAt: run.timings.finishedAt,
    problem: run.problem?.message ?? null,
    payloadsKept,
  };
}

export function exportEntry(record: ExportRecord): HistoryEntry {
  return {
    kind: 'export',
    id: record.id,
    tenant: record.tenant,
    connection: connectionText(record.connection),
    files: record.fileName ? [record.fileName] : [],
    options: [
      `format ${record.format}`,
      record.query !== null ? `query ${record.query}` : 'whole connection',
      `${record.fields.length} column${record.fields.length === 1 ? '' : 's'}: ${record.fields.map((f) => f.column).join(', ')}`,
      ...(record.jobId ? [`job ${record.jobId}`] : []),
    ],
    status: record.status,
    counts: [
      { label: 'exported', value: record.counts.exported },
      { label: 'failed', value: record.counts.failed },
      { label: 'skipped', value: record.counts.skipped },
    ],
    createdAt: record.createdAt,
    startedAt: record.timings.startedAt,
    finishedAt: record.timings.finishedAt,
    problem: record.problem?.message ?? null,
    payloadsKept: false,
  };
}
