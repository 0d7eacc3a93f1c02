/**
 * The one layout of an import part, shared by the Convert screen's splitter (import-splitter.ts) and the Import
 * screen's planner (core/import/plan-chunks.ts): `[` + records joined by `,` + `]`, compact, exactly what a job's
 * `users` file carries. Both count a part's bytes with `jsonArrayPartBytes`, so a file converted into parts and the
 * same file planned for import are cut at the same records, and each part's Blob is as large as counted.
 */

/** Written before the first record. */
export const partOpening = '[';
/** Written between two records. */
export const partSeparator = ',';
/** Written after the last record. */
export const partClosing = ']';

/**
 * The UTF-8 bytes of a part holding `count` records whose own UTF-8 sizes sum to `recordBytes`, as serialized.
 * (The three marks are one ASCII byte each, so their string lengths are their byte counts.)
 */
export function jsonArrayPartBytes(count: number, recordBytes: number): number {
  const separators = count > 0 ? count - 1 : 0;
  return partOpening.length + recordBytes + separators * partSeparator.length + partClosing.length;
}

/** The largest record (in UTF-8 bytes) a part of at most `limitBytes` can hold on its own. */
export const largestRecordBytes = (limitBytes: number): number => limitBytes - jsonArrayPartBytes(1, 0);

/** The text of a part holding `jsons` (each the compact JSON of one record), laid out as `jsonArrayPartBytes` counts. */
export function jsonArrayPartText(jsons: readonly string[]): string {
  return partOpening + jsons.join(partSeparator) + partClosing;
}
