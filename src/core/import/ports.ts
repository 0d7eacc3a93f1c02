/**
 * The outside world of an import run, as interfaces the run's core calls: the Management API jobs endpoints,
 * the store that keeps runs resumable, the clock, and the source of each chunk's records. The real implementations
 * live in src/api and src/db; tests use fakes.
 */
import type { Chunk, ImportRun, JobSummary, PlannedRecord, RecordOutcome } from './types';

/** The form fields of POST /api/v2/jobs/users-imports besides the file part. */
export interface ImportJobParams {
  connectionId: string;
  upsert: boolean;
  externalId: string;
  sendCompletionEmail: boolean;
}

/** The 202 answer of POST /jobs/users-imports (the fields Ferry reads). */
export interface CreatedImportJob {
  id: string;
  status: string;
}

/** GET /api/v2/jobs/{id}, as Auth0 answers it. */
export interface ImportJobState {
  id: string;
  /** Documented: pending, completed, failed; also seen: processing, expired. Anything else counts as running. */
  status: string;
  percentage_done?: number;
  time_left_seconds?: number;
  status_details?: string;
  summary?: JobSummary;
}

/** One entry of GET /api/v2/jobs/{id}/errors: the user as submitted (hashes redacted) and what was wrong. */
export interface ImportJobErrorEntry {
  user: Record<string, unknown>;
  errors: { code: string; message: string; path?: string }[];
}

/** One user of GET /api/v2/users-by-email. */
export interface TenantUser {
  user_id: string;
  email?: string;
  identities?: { connection: string; provider?: string }[];
}

/**
 * The Management API calls an import needs. Each call has already been retried by the client as it sees fit; an
 * error thrown here is final for that call. Errors should carry `problem.kind` as src/api/problems.ts defines
 * (`ImportJobsBusy`, `RateLimited`, `ServerError`, `Network`, `Unauthorized`...): see port-errors.ts.
 */
export interface ImportJobsPort {
  /** POST /jobs/users-imports with `payload` as the `users` file part. */
  createImportJob(payload: Blob, params: ImportJobParams, signal: AbortSignal): Promise<CreatedImportJob>;
  getJob(id: string, signal: AbortSignal): Promise<ImportJobState>;
  /** GET /jobs/{id}/errors; a 204 answer is an empty array. */
  getJobErrors(id: string, signal: AbortSignal): Promise<ImportJobErrorEntry[]>;
  /** GET /users-by-email (case-sensitive: pass the email lower-cased, as Auth0 stores it). */
  usersByEmail(email: string, signal: AbortSignal): Promise<TenantUser[]>;
}

/**
 * Keeps runs and per-record outcomes so a run survives a closed tab. A run is small (one entry per chunk); outcomes
 * can number a million, so they are written in batches and read back in pages.
 */
export interface RunStore {
  /** Replaces the stored run with this one (called before and after every network step). */
  saveRun(run: ImportRun): Promise<void>;
  loadRun(id: string): Promise<ImportRun | undefined>;
  /** Stores outcomes keyed by (runId, file, record): saving the same key again replaces it (writes may repeat on resume). */
  saveOutcomes(runId: string, outcomes: readonly RecordOutcome[]): Promise<void>;
  /** Every stored outcome of the run, in pages of any size and any order. */
  readOutcomes(runId: string): AsyncIterable<readonly RecordOutcome[]>;
}

/** Time, injectable so tests run on a fake clock. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

/**
 * Gives back a chunk's records, exactly as planned (same indices, same JSON text), by re-reading the checked file or
 * slicing a kept Blob. The run keeps only ranges and byte counts, never the records themselves.
 */
export interface ChunkPayloadSource {
  /** The records of the chunk's file with index in [chunk.firstRecord, chunk.lastRecord] that went into the plan. */
  chunkRecords(chunk: Chunk, signal: AbortSignal): Promise<PlannedRecord[]>;
}

/** Everything runImport needs from outside. */
export interface ImportPorts {
  api: ImportJobsPort;
  store: RunStore;
  clock: Clock;
  source: ChunkPayloadSource;
  /** A number in [0, 1) for jitter; Math.random by default. */
  random?: () => number;
}
