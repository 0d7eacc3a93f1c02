/**
 * Auth0 export records -> "import-ready" records (for a later import, and as the original side of a bulk update).
 * The fixes themselves belong to the converter (`src/core/convert/export-to-import.ts`, shared with the workbench);
 * this adapter only applies them to a stream of parsed export lines and counts what happened.
 */
import { fixExportedUser } from '../convert/export-to-import';

export interface ImportReadyResult {
  records: Array<Record<string, unknown>>;
  /** Indexes (0-based, in input order) of inputs that were not objects and were left out. */
  skipped: number[];
  /** How many records each fix changed, by fix code. */
  fixCounts: Record<string, number>;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Applies the converter's safe fixes to every exported user. Input records are never modified. */
export function toImportReady(users: Iterable<unknown>): ImportReadyResult {
  const result: ImportReadyResult = { records: [], skipped: [], fixCounts: {} };
  let index = 0;
  for (const user of users) {
    if (!isRecord(user)) {
      result.skipped.push(index++);
      continue;
    }
    const { value, fixes } = fixExportedUser(user);
    for (const fix of fixes) result.fixCounts[fix.code] = (result.fixCounts[fix.code] ?? 0) + 1;
    result.records.push(value);
    index++;
  }
  return result;
}
