/** A stored run's reports, built again from IndexedDB with the Import screen's report builders, offered as downloads. */
import {
  failedByChunk,
  failedRecordsFile,
  pickedFilesPayloadSource,
  runReportCsv,
  runReportJson,
  type ChunkPayloadSource,
} from '../../core/import';
import { dexieChunkPayloadSource } from '../../db/chunk-payloads';
import type { FerryDb } from '../../db/ferry-db';
import type { DexieRunStore } from '../../db/run-store';
import { fileStamp, saveFile } from './save-file';

async function storedRun(store: DexieRunStore, runId: string) {
  const run = await store.loadRun(runId);
  if (!run) throw new Error('This run is no longer stored (deleted in another tab?).');
  return run;
}

export async function downloadRunReport(
  store: DexieRunStore,
  runId: string,
  format: 'csv' | 'json',
): Promise<void> {
  const run = await storedRun(store, runId);
  const blob =
    format === 'csv'
      ? await runReportCsv(run, store.readOutcomes(runId))
      : await runReportJson(run, await store.outcomeCounts(runId), store.readOutcomes(runId));
  saveFile(blob, `ferry-import-report-${run.tenant}-${fileStamp(run.createdAt)}.${format}`);
}

/**
 * Saves the failed records as a JSON import file; returns how many. They come from the parts' stored payloads, or,
 * when `files` are given (the run's payloads are not stored), from the original files the user picked again.
 */
export async function downloadFailedRecords(
  db: FerryDb,
  store: DexieRunStore,
  runId: string,
  files?: readonly File[],
): Promise<number> {
  const run = await storedRun(store, runId);
  const failed = await failedByChunk(store.readOutcomes(runId));
  if (failed.size === 0) throw new Error('No record of this run failed: there is nothing to import again.');
  const source: ChunkPayloadSource = files
    ? await pickedFilesPayloadSource(run, failed, files)
    : dexieChunkPayloadSource(db, runId);
  const result = await failedRecordsFile(run, failed, source, AbortSignal.timeout(300_000));
  saveFile(result.blob, `ferry-failed-records-${run.tenant}-${fileStamp(run.createdAt)}.json`);
  return result.count;
}
