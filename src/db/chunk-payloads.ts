/**
 * The planned payload of every import part, kept in IndexedDB so a run resumes after a reload (or a closed tab)
 * without the admin opening the file again, and so the failed-records file can be built after the run. Each row holds
 * the part's JSON array text as a Blob (IndexedDB keeps Blobs on disk, not in the page's memory) and where each record
 * sits in it. Rows are deleted with the run (run-store.ts `deleteRun`).
 */
import { jsonArrayPartRecords } from '../core/formats/json-array-part';
import type { PartPayload } from '../core/import/plan-payloads';
import type { ChunkPayloadSource } from '../core/import/ports';
import type { Chunk, PlannedRecord } from '../core/import/types';
import type { FerryDb } from './ferry-db';

/** One part's payload (as core's planner cut it) and its run. Key: [runId+chunkIndex]. */
export interface ChunkPayloadRow extends PartPayload {
  runId: string;
}

/** A part's payload as the planner hands it over (no run id yet). */
export type PlannedPayload = PartPayload;

/** Stores the payloads of a new run, a batch per transaction. */
export async function saveChunkPayloads(
  db: FerryDb,
  runId: string,
  payloads: readonly PlannedPayload[],
): Promise<void> {
  const batch = 50;
  for (let start = 0; start < payloads.length; start += batch) {
    const rows = payloads.slice(start, start + batch).map((payload) => ({ ...payload, runId }));
    await db.chunkPayloads.bulkPut(rows);
  }
}

/** Removes every payload of a run. */
export async function deleteChunkPayloads(db: FerryDb, runId: string): Promise<void> {
  await db.chunkPayloads.where('runId').equals(runId).delete();
}

/** How many parts of a run have a stored payload (a run with none cannot be resumed without its file). */
export async function countChunkPayloads(db: FerryDb, runId: string): Promise<number> {
  return db.chunkPayloads.where('runId').equals(runId).count();
}

/**
 * Splits a stored payload back into its records by reading the array (rows stored by earlier versions also carry
 * each record's UTF-16 length, which is no longer needed).
 */
export async function recordsOfPayload(row: ChunkPayloadRow): Promise<PlannedRecord[]> {
  const jsons = jsonArrayPartRecords(await row.payload.text());
  return row.indices.map((index, i) => ({ file: row.file, index, line: row.lines[i], json: jsons[i] }));
}

/** Core's ChunkPayloadSource over the stored payloads of one run. */
export function dexieChunkPayloadSource(db: FerryDb, runId: string): ChunkPayloadSource {
  return {
    async chunkRecords(chunk: Chunk, signal: AbortSignal): Promise<PlannedRecord[]> {
      signal.throwIfAborted();
      const row = await db.chunkPayloads.get([runId, chunk.index]);
      // No row: the run checks counts and bytes and stops with "file changed", which says what to do.
      return row ? recordsOfPayload(row) : [];
    },
  };
}
