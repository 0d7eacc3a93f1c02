/** One export from a tenant, as the Export screen records it for the History screen. */

export type ExportFormat = 'json' | 'ndjson' | 'csv';

/** `running` until the file is written; `failed` with a `problem`; `cancelled` when the user stopped it. */
export type ExportStatus = 'running' | 'finished' | 'failed' | 'cancelled';

export const exportStatuses: readonly ExportStatus[] = ['running', 'finished', 'failed', 'cancelled'];

export interface ExportCounts {
  /** Users written to the file. */
  exported: number;
  /** Users whose row could not be built (an expression failed): reported, not written. */
  failed: number;
  /** Users left out on purpose (a filter). */
  skipped: number;
}

export interface ExportRecord {
  id: string;
  /** The tenant domain. */
  tenant: string;
  /** The connection exported, or null when the users came from a search query. */
  connection: { id: string; name: string } | null;
  /** The Lucene search query, or null for a whole-connection export job. */
  query: string | null;
  /** Columns as written: `source` is an attribute path or an expression. */
  fields: { source: string; column: string }[];
  format: ExportFormat;
  status: ExportStatus;
  counts: ExportCounts;
  /** The name of the downloaded file, once written. */
  fileName: string | null;
  /** The Auth0 export job, when one was used. */
  jobId: string | null;
  problem: { code: string; message: string } | null;
  createdAt: number;
  timings: { startedAt: number | null; finishedAt: number | null };
}
