/** A stored run's reports, built again from IndexedDB and offered as downloads. */
import type { DexieRunStore } from '../../db/run-store';
import { failedRecordIndices, failedRecordsFile, runReportCsv, runReportJson } from '../../db/run-reports';
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

/** Saves the failed records (read again from the files the user picks) as a JSON import file; returns how many. */
export async function downloadFailedRecords(
  store: DexieRunStore,
  runId: string,
  files: readonly File[],
): Promise<number> {
  const run = await storedRun(store, runId);
  const failed = await failedRecordIndices(store.readOutcomes(runId));
  if (failed.size === 0) throw new Error('No record of this run failed: there is nothing to import again.');
  const result = await failedRecordsFile(run, failed, files);
  saveFile(result.blob, `ferry-failed-records-${run.tenant}-${fileStamp(run.createdAt)}.json`);
  return result.records;
}
