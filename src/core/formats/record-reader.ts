import type { SourceRecord } from '../findings';

/** A record-level problem found while reading (the record is counted as invalid; reading goes on). */
export interface ReadIssue {
  code: string;
  message: string;
  hint: string;
}

/** Where a reader delivers what it reads, in file order. */
export interface RecordSink {
  /**
   * A parsed record. `text` is its JSON source when the reader has it (JSON array, NDJSON) so a writer can reuse it
   * instead of serializing the value again; null for CSV.
   */
  record(record: SourceRecord, text: string | null): void;
  /** A record that could not be parsed. */
  unreadable(index: number, line: number | null, issue: ReadIssue): void;
}

/**
 * A push parser: text goes in chunk by chunk, records come out through the sink as soon as they are complete.
 * `push` and `end` throw a FileProblemError when the file cannot be read any further.
 */
export interface RecordReader {
  push(text: string, byteOffset: number): void;
  end(): void;
  /** Records seen so far, readable or not. */
  readonly records: number;
}

/** The first line of a parse error message, without the (possibly huge) echo of the input some engines add. */
export function parseErrorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/, "[\s\S]*" is not valid JSON$/, '').slice(0, 200);
}
