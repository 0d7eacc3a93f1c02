/** Test data for the db tests: fresh databases and small, realistic runs, outcomes and exports. */
import 'fake-indexeddb/auto';
import type { ImportPlan } from '../../core/import/plan-chunks';
import type { PartPayload } from '../../core/import/plan-payloads';
import type { ImportRun, OutcomeKind, PlannedRecord, RecordOutcome } from '../../core/import/types';
import { dexieChunkPayloadSource, saveChunkPayloads } from '../chunk-payloads';
import type { ExportRecord } from '../export-record';
import { FerryDb } from '../ferry-db';
import { DexieRunStore } from '../run-store';

let serial = 0;

/** A database no other test uses. */
export const freshDbName = (): string => `ferry-test-${++serial}-${Math.random().toString(36).slice(2)}`;
export const freshDb = (): FerryDb => new FerryDb(freshDbName());

export function sampleRun(
  id: string,
  tenant = 'acme.eu.auth0.com',
  createdAt = Date.UTC(2026, 0, 1),
): ImportRun {
  return {
    id,
    tenant,
    connection: { id: 'con_ABCDEFGHIJKLMNOP', name: 'Username-Password-Authentication' },
    options: { upsert: false, sendCompletionEmail: false, externalId: `ferry-${id}`, chunkBytes: 450_000 },
    files: [{ name: 'users.json', records: 5, bytes: 900 }],
    chunks: [
      {
        index: 0,
        file: 'users.json',
        firstRecord: 0,
        lastRecord: 4,
        recordCount: 5,
        bytes: 800,
        status: 'completed',
        jobId: `job_${id}`,
        attempts: 1,
        summary: { inserted: 3, updated: 0, failed: 2, total: 5 },
        counts: { inserted: 3, updated: 0, imported: 0, failed: 2, skipped: 0, unknown: 0 },
        submittedAt: createdAt + 1_000,
        finishedAt: createdAt + 9_000,
      },
    ],
    status: 'finished',
    problem: null,
    createdAt,
    timings: { startedAt: createdAt + 500, finishedAt: createdAt + 10_000 },
  };
}

/** Outcomes 0..count-1 of users.json: `kindOf(i)` decides each one. */
export function sampleOutcomes(
  count: number,
  kindOf: (i: number) => OutcomeKind = () => 'inserted',
): RecordOutcome[] {
  return Array.from({ length: count }, (_, i) => {
    const outcome = kindOf(i);
    return {
      file: 'users.json',
      record: i,
      line: i + 2,
      email: `user-${i}@example.com`,
      outcome,
      chunk: 0,
      code: outcome === 'failed' ? 'INVALID_TYPE' : null,
      field: outcome === 'failed' ? 'email_verified' : null,
      reason: outcome === 'failed' ? 'email_verified must be true or false' : null,
    };
  });
}

export function sampleExport(
  id: string,
  tenant = 'acme.eu.auth0.com',
  createdAt = Date.UTC(2026, 0, 2),
): ExportRecord {
  return {
    id,
    tenant,
    connection: { id: 'con_ABCDEFGHIJKLMNOP', name: 'Username-Password-Authentication' },
    query: null,
    fields: [
      { source: 'email', column: 'Email' },
      { source: 'user.user_metadata.plan || "free"', column: 'Plan' },
    ],
    format: 'csv',
    status: 'finished',
    counts: { exported: 120, failed: 1, skipped: 0 },
    fileName: 'acme-users.csv',
    jobId: `job_${id}`,
    problem: null,
    createdAt,
    timings: { startedAt: createdAt, finishedAt: createdAt + 30_000 },
  };
}

/**
 * Stores a plan's run and part payloads in a fresh database, as the Import screen does before a run, and reads every
 * part's records back, as a resumed run does.
 */
export async function storeAndReadBack(
  plan: ImportPlan,
  payloads: readonly PartPayload[],
): Promise<{ db: FerryDb; run: ImportRun; parts: PlannedRecord[][] }> {
  const db = freshDb();
  const run = { ...sampleRun(`run-${++serial}`), chunks: plan.chunks, files: plan.files };
  await new DexieRunStore(db).saveRun(run);
  await saveChunkPayloads(db, run.id, payloads);
  const source = dexieChunkPayloadSource(db, run.id);
  const parts: PlannedRecord[][] = [];
  for (const chunk of plan.chunks) parts.push(await source.chunkRecords(chunk, new AbortController().signal));
  return { db, run, parts };
}
