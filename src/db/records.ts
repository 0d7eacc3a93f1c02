/**
 * What Ferry keeps in IndexedDB besides the import run itself (which is core's `ImportRun`, stored as is).
 * Every record is plain data (structured-clone and JSON safe) and never holds a token: see redact-secrets.ts.
 */
import type { OutcomeCounts, RecordOutcome } from '../core/import/types';

/** One stored record outcome: core's `RecordOutcome` plus the run it belongs to. Key: [runId+file+record]. */
export interface OutcomeRow extends RecordOutcome {
  runId: string;
}

/** Per-run totals of stored outcomes, kept up to date by every outcome write so a list never counts a million rows. */
export interface RunCountsRow {
  runId: string;
  counts: OutcomeCounts;
}

/** A saved list of export columns for a tenant. Key: [tenant+name]. */
export interface FieldPreset {
  tenant: string;
  name: string;
  /** `source` is an attribute path or an expression (see src/core/export/field-spec.ts); `column` its header. */
  fields: { source: string; column: string }[];
  updatedAt: number;
}

/** A check of a file on the Convert & check screen, as a short summary (never the records). */
export interface CheckSummaryRecord {
  id: string;
  createdAt: number;
  files: string[];
  records: number;
  invalid: number;
}
