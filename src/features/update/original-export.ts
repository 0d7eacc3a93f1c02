/**
 * Which export of this browser's history a dropped "original export" file is, so the update flow knows the connection
 * it came from (and the Import screen can preselect it) even when the file was not exported in this page's life.
 */
import type { ExportRecord } from '../../db/export-record';

/** "users (1).json" -> "users.json": browsers number a file saved again under the same name. */
export function baseFileName(name: string): string {
  return name.replace(/ \(\d+\)(?=\.[^.]*$|$)/, '');
}

/**
 * The newest finished JSON export of `tenant` whose file had this name and that came from one connection; null when
 * none fits (a search-query export names no connection, and a guess would import into the wrong one).
 */
export function exportOfFile(
  records: readonly ExportRecord[],
  fileName: string,
  tenant: string | null,
): ExportRecord | null {
  const wanted = baseFileName(fileName);
  const fits = records.filter(
    (record) =>
      record.status === 'finished' &&
      record.format === 'json' &&
      record.connection !== null &&
      record.fileName !== null &&
      baseFileName(record.fileName) === wanted &&
      (tenant === null || record.tenant === tenant),
  );
  return fits.reduce<ExportRecord | null>(
    (newest, record) => (newest && newest.createdAt >= record.createdAt ? newest : record),
    null,
  );
}
