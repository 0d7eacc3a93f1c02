/**
 * The data of one import run into an Auth0 tenant: what is persisted, resumed and reported.
 * Everything here is plain data (structured-clone and JSON safe) so a store can keep it as is.
 */

/** Where a chunk is in its life. `uncertain`: a send was interrupted and Ferry cannot know whether Auth0 got it. */
export type ChunkStatus =
  'planned' | 'submitting' | 'pending' | 'processing' | 'completed' | 'failed' | 'uncertain' | 'cancelled';

/**
 * Where the run is. `paused`: stopped (closed, token refused, file changed) and resumable; `needs-decision`: only
 * uncertain chunks are left and the user must choose how to resolve them; `finished`/`cancelled` are final.
 */
export type RunStatus =
  'planned' | 'running' | 'cancelling' | 'paused' | 'needs-decision' | 'finished' | 'cancelled';

export interface ImportOptions {
  /** Update users that already exist (matched by email) instead of failing them. */
  upsert: boolean;
  /** Auth0 emails every tenant owner when a job ends: off unless asked (Auth0's own default is on). */
  sendCompletionEmail: boolean;
  /** Echoed back by Auth0 on every job of the run. */
  externalId: string;
  /** Largest JSON array payload per job, in UTF-8 bytes. */
  chunkBytes: number;
}

export interface ImportFileInfo {
  name: string;
  /** Every record read from the file, including those left out of the import (they are accounted as skipped). */
  records: number;
  bytes: number;
}

/** Auth0's summary of a completed job. */
export interface JobSummary {
  inserted: number;
  updated: number;
  failed: number;
  total: number;
}

/** Ferry's per-record accounting of a chunk (or a run): every record is in exactly one bucket. */
export interface OutcomeCounts {
  inserted: number;
  updated: number;
  /** Imported, but whether inserted or updated is unknown (upsert on). */
  imported: number;
  failed: number;
  skipped: number;
  unknown: number;
}

/** A problem that concerns a chunk as a whole (a job that failed, a part Auth0 refused). */
export interface ChunkProblem {
  code: string;
  message: string;
}

/** How an interrupted chunk is sent again, decided explicitly when it was uncertain or retried. */
export interface ChunkResend {
  /** Send only these record indices (of the chunk's file); the others are already accounted for. */
  records?: number[];
  /** Send with upsert off and count "already exists" for these records as imported by the earlier send. */
  duplicatesAreDone?: boolean;
  /** Why, in plain words, for the report. */
  reason: string;
}

export interface Chunk {
  index: number;
  file: string;
  /** Index in its file of the first and last record of the chunk (records left out of the import may lie between). */
  firstRecord: number;
  lastRecord: number;
  /** Records in the payload. */
  recordCount: number;
  /** UTF-8 bytes of the JSON array payload, exactly as sent. */
  bytes: number;
  status: ChunkStatus;
  jobId?: string;
  /** Sends that ended in an answer other than "2 active import jobs" (that one is not the chunk's fault). */
  attempts: number;
  summary?: JobSummary;
  counts?: OutcomeCounts;
  errors?: ChunkProblem[];
  resend?: ChunkResend;
  /** Epoch ms. */
  submittedAt: number | null;
  finishedAt: number | null;
}

/** A problem that stopped the run. */
export interface RunProblem {
  code: 'unauthorized' | 'connection' | 'file-changed' | 'unavailable' | 'aborted';
  message: string;
}

export interface ImportRun {
  id: string;
  /** The tenant domain. */
  tenant: string;
  connection: { id: string; name: string };
  options: ImportOptions;
  files: ImportFileInfo[];
  chunks: Chunk[];
  status: RunStatus;
  problem: RunProblem | null;
  createdAt: number;
  timings: { startedAt: number | null; finishedAt: number | null };
}

/** The five ends a record can reach; `unknown` means not (yet) accounted for. */
export type OutcomeKind = 'inserted' | 'updated' | 'imported' | 'failed' | 'skipped' | 'unknown';

/** What happened to one input record. Keyed by (file, record): a later outcome for the same key replaces the earlier. */
export interface RecordOutcome {
  file: string;
  /** 0-based index of the record in its file. */
  record: number;
  /** 1-based line where the record starts, when known. */
  line: number | null;
  email: string | null;
  outcome: OutcomeKind;
  /** The chunk that carried it, null for records never planned into one. */
  chunk: number | null;
  /** Auth0's error code, or Ferry's (e.g. `job.failed`, `record.too-large`). */
  code: string | null;
  /** The field the error concerns (dotted path), when known. */
  field: string | null;
  /** Plain-language reason, for failed, skipped, unknown and "imported" records. */
  reason: string | null;
}

/** One record as planned: its place in its file and its JSON text, exactly as it goes into a payload. */
export interface PlannedRecord {
  file: string;
  index: number;
  line: number | null;
  json: string;
}

export const emptyOutcomeCounts = (): OutcomeCounts => ({
  inserted: 0,
  updated: 0,
  imported: 0,
  failed: 0,
  skipped: 0,
  unknown: 0,
});

/** Adds one outcome to a count in place. */
export function countOutcome(counts: OutcomeCounts, kind: OutcomeKind): void {
  counts[kind] += 1;
}

export const isActiveChunk = (chunk: Chunk): boolean =>
  chunk.jobId !== undefined && (chunk.status === 'pending' || chunk.status === 'processing');

export const isFinalChunk = (chunk: Chunk): boolean =>
  chunk.status === 'completed' || chunk.status === 'failed' || chunk.status === 'cancelled';
