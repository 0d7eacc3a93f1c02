/** Test data for the db tests: fresh databases and small, realistic runs, outcomes and exports. */
import 'fake-indexeddb/auto';
import type { ImportRun, OutcomeKind, RecordOutcome } from '../../core/import/types';
import type { ExportRecord } from '../export-record';
import { FerryDb } from '../ferry-db';

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
