/** What Ferry says about one record or one file: the shared vocabulary of checks, reports and the CLI. */

export type Severity = 'error' | 'warning';

/**
 * One problem found in one record. This shape is also the CLI's stable `check --json` interface: change it only
 * additively.
 */
export interface Finding {
  /** The file's name as the user gave it. */
  file: string;
  /** 0-based index of the record in its file. */
  record: number;
  /** 1-based line where the record starts, when known (NDJSON, CSV, and JSON arrays as scanned). */
  line: number | null;
  /** JSON Pointer into the record (RFC 6901), '' for the record as a whole. */
  path: string;
  /** Stable machine code, e.g. `email.format`, `duplicate.email`. */
  code: string;
  severity: Severity;
  /** One line in plain language: what is wrong. */
  message: string;
  /** How to fix it. */
  hint: string;
}

/** A file that cannot be read at all (not a record problem): where reading stopped and what was expected there. */
export interface FileProblem {
  file: string;
  code: string;
  message: string;
  hint: string;
  /** 1-based line and column of the fault, when known. */
  line: number | null;
  column: number | null;
  /** Byte offset of the fault in the (decompressed) file, when known. */
  offset: number | null;
}

/** A record as read from a file, before any check. */
export interface SourceRecord {
  /** 0-based index in its file. */
  index: number;
  /** 1-based line where the record starts, when known. */
  line: number | null;
  /** The parsed value (an object for a well-formed record, anything for a bad one). */
  value: unknown;
}

/** How every input record ended up; the four counts add up to `total`. */
export interface RecordCounts {
  total: number;
  /** Valid as read. */
  valid: number;
  /** Valid after Ferry fixed it (see the fixes list). */
  fixed: number;
  /** Has at least one error; left out of the import file. */
  invalid: number;
  /** Left out for a stated reason that is not an error of its own (e.g. a later duplicate). */
  skipped: number;
}

export const emptyCounts = (): RecordCounts => ({ total: 0, valid: 0, fixed: 0, invalid: 0, skipped: 0 });
