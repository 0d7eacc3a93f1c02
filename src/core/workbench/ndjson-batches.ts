/**
 * Cuts decoded NDJSON text into batches of whole lines for the helper threads, keeping count of lines and records
 * so each batch knows its first line number and record index. Lines and records are counted exactly as
 * NdjsonReader counts them: every "\n" ends a line; a line that is empty or only whitespace (after one trailing CR)
 * is not a record.
 */

export interface NdjsonBatch {
  text: string;
  /** 1-based line number of the batch's first line; 0-based index of its first record. */
  firstLine: number;
  firstRecord: number;
  /** Records in the batch. */
  records: number;
}

/** Batches of about this many UTF-16 units: large enough that messaging costs little, small enough to spread. */
export const defaultBatchChars = 1024 * 1024;

/** Whether text[start, end) is a line NdjsonReader skips (and does not count as a record). */
export function isBlankLine(text: string, start: number, end: number): boolean {
  let last = end;
  if (last > start && text.charCodeAt(last - 1) === 0x0d) last--;
  if (last === start) return true;
  const first = text.charCodeAt(start);
  // Only a line that starts with a blank can be all blank; `trim` then decides, as in NdjsonReader.
  if (first !== 0x20 && first !== 0x09 && first !== 0x0d) return false;
  return text.slice(start, last).trim() === '';
}

/** Lines and records in text made of whole lines (the last may lack its "\n"). */
function countLines(text: string): { lines: number; records: number } {
  let lines = 0;
  let records = 0;
  for (let start = 0; start < text.length;) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    lines++;
    if (!isBlankLine(text, start, end)) records++;
    start = end + 1;
  }
  return { lines, records };
}

export class NdjsonBatcher {
  private pending: string[] = [];
  private pendingChars = 0;
  private nextLine = 1;
  private nextRecord = 0;
  private readonly batchChars: number;

  constructor(batchChars = defaultBatchChars) {
    this.batchChars = batchChars;
  }

  /** Adds text; returns the batches of whole lines that are full (none while fewer characters are held). */
  push(text: string): NdjsonBatch[] {
    if (text.length === 0) return [];
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars < this.batchChars) return [];
    const held = this.take();
    const batches: NdjsonBatch[] = [];
    let start = 0;
    for (;;) {
      // Each batch ends at the first line end after `batchChars`: a line longer than that makes a longer batch.
      const newline = held.indexOf('\n', start + this.batchChars - 1);
      if (newline === -1) break;
      batches.push(this.batch(held.slice(start, newline + 1)));
      start = newline + 1;
    }
    this.keep(start === 0 ? held : held.slice(start));
    return batches;
  }

  /** The whole lines held (the unfinished last line stays), or null: for a cancel or a fault. */
  wholeLines(): NdjsonBatch | null {
    const held = this.take();
    const cut = held.lastIndexOf('\n') + 1;
    this.keep(held.slice(cut));
    return cut === 0 ? null : this.batch(held.slice(0, cut));
  }

  /** The end of the file: everything held, the last line even without its "\n". */
  end(): NdjsonBatch | null {
    const held = this.take();
    return held.length === 0 ? null : this.batch(held);
  }

  private take(): string {
    const held = this.pending.length === 1 ? this.pending[0] : this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    return held;
  }

  private keep(rest: string): void {
    if (rest.length === 0) return;
    this.pending.push(rest);
    this.pendingChars = rest.length;
  }

  private batch(text: string): NdjsonBatch {
    const { lines, records } = countLines(text);
    const batch = { text, firstLine: this.nextLine, firstRecord: this.nextRecord, records };
    this.nextLine += lines;
    this.nextRecord += records;
    return batch;
  }
}
