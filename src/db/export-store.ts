/** Export history: the Export screen saves one record per export and updates it as the export runs. */
import type { ExportRecord } from './export-record';
import type { FerryDb } from './ferry-db';
import { redactSecrets } from './redact-secrets';

/** Inserts or replaces an export record (by id); strings are scrubbed of tokens. */
export async function saveExport(db: FerryDb, record: ExportRecord): Promise<void> {
  await db.exports.put(redactSecrets(record));
}

/** Applies a change to a stored export record; false when there is no record with that id. */
export async function updateExport(
  db: FerryDb,
  id: string,
  change: Partial<Omit<ExportRecord, 'id'>>,
): Promise<boolean> {
  return (await db.exports.update(id, redactSecrets(change))) === 1;
}

export async function loadExport(db: FerryDb, id: string): Promise<ExportRecord | undefined> {
  return db.exports.get(id);
}

export async function deleteExport(db: FerryDb, id: string): Promise<void> {
  await db.exports.delete(id);
}
