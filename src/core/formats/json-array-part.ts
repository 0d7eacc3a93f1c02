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

/**
 * The records of a part's text, as written (the inverse of `jsonArrayPartText`): each top-level element of the
 * array, found by following strings and nesting. Written here because a parser would give values, and a value
 * serialized again need not be the text that was sent (number forms, escapes), which a resent part must repeat.
 */
export function jsonArrayPartRecords(text: string): string[] {
  const records: string[] = [];
  let depth = 0;
  let inString = false;
  let start = partOpening.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i++;
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x7b || code === 0x5b) depth++;
    else if (code === 0x7d || code === 0x5d) {
      if (--depth === 0) {
        if (i > start) records.push(text.slice(start, i));
        break;
      }
    } else if (code === 0x2c && depth === 1) {
      records.push(text.slice(start, i));
      start = i + 1;
    }
  }
  return records;
}
