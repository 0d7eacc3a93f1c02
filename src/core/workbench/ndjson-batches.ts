/**
 * Cuts an NDJSON file's bytes into batches of whole lines for the batch checkers, keeping count of lines and records
 * so each batch knows its first line number and record index. Lines and records are counted exactly as NdjsonReader
 * counts them: every "\n" ends a line; a line that is empty or only whitespace (after one trailing CR) is not a
 * record. Bytes rather than text: "\n" is one byte that never occurs inside a UTF-8 character, so a batch cut at a
 * newline holds whole characters, and the text is decoded where the batch is checked (on a helper thread).
 */
import type { ByteChunk } from '../formats/text-source';
import { isBlankLine } from '../formats/ndjson-reader';
import type { RecordBatch } from './batch-contract';
import { HeldBytes } from './held-bytes';

/** Batches of about this many bytes: large enough that messaging costs little, small enough to spread. */
export const defaultBatchBytes = 1024 * 1024;

const newline = 0x0a;
const looseDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * `isBlankLine` (ndjson-reader.ts) for the UTF-8 bytes of a line: the same answer, decoding only a line that starts
 * with a blank (the three blanks are one byte each, as are CR and LF).
 */
function isBlankLineBytes(bytes: Uint8Array, start: number, end: number): boolean {
  const first = bytes[start];
  if (start < end && first !== 0x20 && first !== 0x09 && first !== 0x0d) return false;
  const text = looseDecoder.decode(bytes.subarray(start, end));
  return isBlankLine(text, 0, text.length);
}

/** Lines and records in bytes made of whole lines (the last may lack its "\n"). */
function countLines(bytes: Uint8Array): { lines: number; records: number } {
  let lines = 0;
  let records = 0;
  for (let start = 0; start < bytes.length;) {
    const found = bytes.indexOf(newline, start);
    const end = found === -1 ? bytes.length : found;
    lines++;
    if (!isBlankLineBytes(bytes, start, end)) records++;
    start = end + 1;
  }
  return { lines, records };
}

export class NdjsonBatcher {
  private readonly held: HeldBytes;
  private nextLine = 1;
  private nextRecord = 0;
  private readonly batchBytes: number;
  private readonly counting: boolean;

  /** `counting` false leaves the batches unnumbered, for a checker that counts as it reads (see BatchCheckers). */
  constructor(batchBytes = defaultBatchBytes, counting = true) {
    this.counting = counting;
    this.batchBytes = Math.max(1, batchBytes);
    this.held = new HeldBytes(this.batchBytes);
  }

  /** Takes back a batch's bytes once its result is applied. */
  release(batch: RecordBatch): void {
    this.held.pool.give(batch.bytes.buffer);
  }

  /** Adds a chunk (copied: its bytes may be reused); returns the batches of whole lines that are full. */
  push(chunk: ByteChunk): RecordBatch[] {
    this.held.append(chunk);
    const batches: RecordBatch[] = [];
    let start = 0;
    while (this.held.used - start >= this.batchBytes) {
      // Each batch ends at the first line end after `batchBytes`: a longer line makes a longer batch.
      const found = this.held.view().indexOf(newline, start + this.batchBytes - 1);
      if (found === -1) break;
      batches.push(this.batch(start, found + 1));
      start = found + 1;
    }
    this.held.drop(start);
    return batches;
  }

  /** The whole lines held (the unfinished last line stays), or null: for a cancel or a fault. */
  wholeLines(): RecordBatch | null {
    const cut = this.held.view().lastIndexOf(newline) + 1;
    if (cut === 0) return null;
    const batch = this.batch(0, cut);
    this.held.drop(cut);
    return batch;
  }

  /** The end of the file: everything held, the last line even without its "\n". */
  end(): RecordBatch | null {
    const { used } = this.held;
    if (used === 0) return null;
    const batch = this.batch(0, used);
    this.held.drop(used);
    return batch;
  }

  private batch(start: number, end: number): RecordBatch {
    const bytes = this.held.copy(start, end);
    const byteOffset = this.held.offset + start;
    if (!this.counting) return { bytes, byteOffset, firstLine: -1, firstRecord: -1, records: -1 };
    const { lines, records } = countLines(bytes);
    const batch = {
      bytes,
      byteOffset,
      firstLine: this.nextLine,
      firstRecord: this.nextRecord,
      records,
    };
    this.nextLine += lines;
    this.nextRecord += records;
    return batch;
  }
}
