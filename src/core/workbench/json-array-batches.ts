/**
 * Cuts a JSON array's bytes into batches of whole elements for the batch checkers, as ndjson-batches.ts cuts NDJSON
 * into batches of lines: each batch carries every element's byte range, where it is in the batch's text once
 * decoded, and the line it starts on, counted as JsonArrayReader counts them (line feeds outside strings).
 *
 * Only the plain shape is batched: "[", objects separated by commas, "]", whitespace. At anything else (a fault, an
 * element that is not an object or nests deeper than `maxRecordDepth`, a file that ends early) the batcher stops,
 * and the caller reads the rest of the file with a JsonArrayReader that resumes just after the last whole element
 * (`rest`): it finds and words the fault exactly as it would have reading the whole file.
 *
 * Hand-written (not a streaming JSON parser): it only has to find where elements end, one byte at a time, without
 * building any value; the checker parses each element with the engine's JSON.parse.
 */
import type { ByteChunk } from '../formats/text-source';
import { maxRecordDepth, type JsonArrayResume } from '../formats/json-array-reader';
import { utf16Units } from '../formats/utf8';
import type { RecordBatch } from './batch-contract';
import { HeldBytes } from './held-bytes';
import { defaultBatchBytes } from './ndjson-batches';
import { grownTo } from '../typed-arrays';

// The scan's character codes are its own constants, as json-array-reader.ts's are: imported bindings read through a
// module's exports made the byte loop over four times slower in Node (tsx, vitest).
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const NEWLINE = 0x0a;

/** How a byte inside a string is scanned (`stringByte`). */
const plain = 0;
const quoteByte = 1;
const backslashByte = 2;
/** A UTF-8 continuation byte: no UTF-16 unit of its own. */
const continuationByte = 3;
/** The lead byte of a 4-byte character: two UTF-16 units. */
const astralLeadByte = 4;
const stringByte = new Uint8Array(256);
stringByte[QUOTE] = quoteByte;
stringByte[BACKSLASH] = backslashByte;
stringByte.fill(continuationByte, 0x80, 0xc0);
stringByte.fill(astralLeadByte, 0xf0, 0x100);

/** How a byte changes `spareBytes`: +1 for a continuation byte, -1 for a 4-byte lead, 0 for any other. */
function spareOf(code: number): number {
  const kind = stringByte[code];
  return kind === continuationByte ? 1 : kind === astralLeadByte ? -1 : 0;
}

/** Where the scan is, between elements or inside one. */
const phase = {
  expectArray: 0,
  expectFirst: 1,
  expectElement: 2,
  inElement: 3,
  expectComma: 4,
  afterArray: 5,
  stopped: 6,
} as const;
type Phase = (typeof phase)[keyof typeof phase];

/** The rest of a file the batcher stopped in: its bytes from just after the last whole element, and the reader's state there. */
export interface ArrayRest {
  bytes: Uint8Array;
  byteOffset: number;
  resume: JsonArrayResume | null;
}

/**
 * Whole elements scanned and not yet batched: byte ranges in `held`, start lines, and how many bytes before each
 * start and end take no UTF-16 unit of their own (`JsonArrayBatcher.spareBytes`).
 */
class PendingElements {
  count = 0;
  starts = new Uint32Array(1024);
  ends = new Uint32Array(1024);
  lines = new Int32Array(1024);
  spareAtStart = new Float64Array(1024);
  spareAtEnd = new Float64Array(1024);

  add(start: number, end: number, line: number, spareAtStart: number, spareAtEnd: number): void {
    if (this.count === this.starts.length) {
      const size = this.count * 2;
      this.starts = grownTo(this.starts, size);
      this.ends = grownTo(this.ends, size);
      this.lines = grownTo(this.lines, size);
      this.spareAtStart = grownTo(this.spareAtStart, size);
      this.spareAtEnd = grownTo(this.spareAtEnd, size);
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.lines[this.count] = line;
    this.spareAtStart[this.count] = spareAtStart;
    this.spareAtEnd[this.count] = spareAtEnd;
    this.count++;
  }

  /** Forgets the first `n` elements (they went out in a batch). */
  forget(n: number): void {
    this.starts.copyWithin(0, n, this.count);
    this.ends.copyWithin(0, n, this.count);
    this.lines.copyWithin(0, n, this.count);
    this.spareAtStart.copyWithin(0, n, this.count);
    this.spareAtEnd.copyWithin(0, n, this.count);
    this.count -= n;
  }

  /** Moves every range `bytes` back: the held bytes they point into moved. */
  moveBack(bytes: number): void {
    for (let k = 0; k < this.count; k++) {
      this.starts[k] -= bytes;
      this.ends[k] -= bytes;
    }
  }
}

export class JsonArrayBatcher {
  private readonly held: HeldBytes;
  private scanAt = 0;
  private phase: Phase = phase.expectArray;
  private line = 1;
  /** Where the current line starts in the file. */
  private lineStart = 0;
  // The element being scanned.
  private elementStart = 0;
  private elementLine = 1;
  private inString = false;
  private escaped = false;
  private depth = 0;
  /**
   * Bytes scanned so far that take no UTF-16 unit of their own: continuation bytes, less one per 4-byte character
   * (two units). A byte's offset less this count is its text's offset, so a checker can decode many elements at
   * once and still find each one in the text.
   */
  private spareBytes = 0;
  private elementSpare = 0;
  /** `spareBytes` at the end of the last batched element: where the next batch's text starts. */
  private batchedSpare = 0;
  private readonly closers = new Uint8Array(maxRecordDepth + 1);
  private readonly pending = new PendingElements();
  /** Elements that went out in batches (the pending ones come after them). */
  private batchedRecords = 0;
  /** Just after the last whole element, in the file: where a resumed reader starts. */
  private readonly safe = { offset: -1, line: 1, lineStart: 0, recordLine: 1 };
  /** UTF-16 units of the safe point's line that were in bytes already dropped (see `drop`). */
  private dropped = { lineStart: -1, units: 0 };
  private readonly batchBytes: number;

  constructor(batchBytes = defaultBatchBytes) {
    this.batchBytes = Math.max(1, batchBytes);
    this.held = new HeldBytes(this.batchBytes);
  }

  /** The file is not the plain shape from here on: read the rest with a JsonArrayReader (see `rest`). */
  get stopped(): boolean {
    return this.phase === phase.stopped;
  }

  /** Takes back a batch's bytes once its result is applied. */
  release(batch: RecordBatch): void {
    this.held.pool.give(batch.bytes.buffer);
  }

  /** Adds a chunk (copied: its bytes may be reused); returns the batches of whole elements that are full. */
  push(chunk: ByteChunk): RecordBatch[] {
    if (this.held.offset === -1) {
      this.lineStart = chunk.byteOffset;
      this.safe.lineStart = chunk.byteOffset;
    }
    this.held.append(chunk);
    this.scan();
    const batches: RecordBatch[] = [];
    const { pending } = this;
    let first = 0;
    let from = 0;
    for (let k = 0; k < pending.count; k++) {
      // Each batch ends with the first element that takes it to `batchBytes`.
      if (pending.ends[k] - from < this.batchBytes) continue;
      batches.push(this.batch(first, k + 1, from));
      first = k + 1;
      from = pending.ends[k];
    }
    if (first > 0) {
      pending.forget(first);
      this.drop(from);
    }
    return batches;
  }

  /** The whole elements not batched yet, as one batch (or null): for a cancel, a fault, or before `rest`. */
  wholeElements(): RecordBatch | null {
    const { pending } = this;
    if (pending.count === 0) return null;
    const end = pending.ends[pending.count - 1];
    const batch = this.batch(0, pending.count, 0);
    pending.forget(pending.count);
    this.drop(end);
    return batch;
  }

  /** The end of the file: the last batch; the batcher stops instead if the array did not end properly. */
  end(): RecordBatch | null {
    if (this.phase !== phase.afterArray) this.phase = phase.stopped;
    return this.wholeElements();
  }

  /**
   * After `stopped` and `wholeElements`: the bytes from just after the last whole element, and what a reader
   * resuming there must know (null: none was whole, read the file from its start).
   */
  rest(): ArrayRest {
    const { held } = this;
    const at = this.safe.offset === -1 ? held.offset : this.safe.offset;
    const bytes = held.view().slice(at - held.offset);
    if (this.safe.offset === -1) return { bytes, byteOffset: at, resume: null };
    const lineFrom = Math.max(this.safe.lineStart, held.offset) - held.offset;
    let units = utf16Units(held.bytes.subarray(lineFrom, at - held.offset));
    if (this.dropped.lineStart === this.safe.lineStart) units += this.dropped.units;
    return {
      bytes,
      byteOffset: at,
      resume: {
        records: this.batchedRecords + this.pending.count,
        line: this.safe.line,
        column: units + 1,
        recordLine: this.safe.recordLine,
      },
    };
  }

  private scan(): void {
    const { bytes: held, used } = this.held;
    let i = this.scanAt;
    while (i < used) {
      if (this.phase === phase.inElement) {
        i = this.scanElement(i);
        continue;
      }
      if (this.phase === phase.stopped) break;
      const code = held[i];
      if (code === 0x20 || code === 0x09 || code === 0x0d) {
        i++;
        continue;
      }
      if (code === NEWLINE) {
        this.newline(i++);
        continue;
      }
      if (this.phase === phase.expectArray && code === OPEN_BRACKET) {
        this.phase = phase.expectFirst;
        i++;
      } else if (
        code === OPEN_BRACE &&
        (this.phase === phase.expectFirst || this.phase === phase.expectElement)
      ) {
        this.phase = phase.inElement;
        this.elementStart = i;
        this.elementLine = this.line;
        this.elementSpare = this.spareBytes;
        this.depth = 0;
      } else if (this.phase === phase.expectComma && code === COMMA) {
        this.phase = phase.expectElement;
        i++;
      } else if (
        code === CLOSE_BRACKET &&
        (this.phase === phase.expectComma || this.phase === phase.expectFirst)
      ) {
        this.phase = phase.afterArray;
        i++;
      } else this.phase = phase.stopped;
    }
    this.scanAt = i;
  }

  /** Scans inside the current element from `i`; returns where the scan goes on. */
  private scanElement(start: number): number {
    const { bytes: held, used } = this.held;
    const { closers } = this;
    let { depth } = this;
    let i = start;
    if (this.inString) i = this.scanString(i);
    while (i < used) {
      const code = held[i++];
      if (code === QUOTE) {
        this.inString = true;
        i = this.scanString(i);
      } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
        // Deeper than the reader parses: it reports such a record.
        if (depth === maxRecordDepth) {
          this.phase = phase.stopped;
          return used;
        }
        closers[depth++] = code + 2;
      } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
        if (closers[--depth] !== code) {
          this.phase = phase.stopped;
          return used;
        }
        if (depth === 0) {
          this.depth = 0;
          this.endElement(i);
          return i;
        }
      } else if (code === NEWLINE) this.newline(i - 1);
      else if (code >= 0x80) this.spareBytes += spareOf(code);
    }
    this.depth = depth;
    return i;
  }

  /**
   * Scans a string from `start` (inside it): returns the index after its closing quote, or `used` with the string
   * still open. Its own loop, with one table lookup for the bytes that need no attention (nearly all).
   */
  private scanString(start: number): number {
    const { bytes: held, used } = this.held;
    let { spareBytes } = this;
    let i = start;
    if (this.escaped && i < used) {
      spareBytes += spareOf(held[i++]);
      this.escaped = false;
    }
    while (i < used) {
      const code = held[i++];
      const kind = stringByte[code];
      if (kind === plain) continue;
      if (kind === quoteByte) {
        this.inString = false;
        break;
      }
      if (kind === backslashByte) {
        if (i === used) this.escaped = true;
        else spareBytes += spareOf(held[i++]);
      } else spareBytes += kind === continuationByte ? 1 : -1;
    }
    this.spareBytes = spareBytes;
    return i;
  }

  private newline(i: number): void {
    this.line++;
    this.lineStart = this.held.offset + i + 1;
  }

  private endElement(end: number): void {
    this.pending.add(this.elementStart, end, this.elementLine, this.elementSpare, this.spareBytes);
    this.phase = phase.expectComma;
    const { safe } = this;
    safe.offset = this.held.offset + end;
    safe.line = this.line;
    safe.lineStart = this.lineStart;
    safe.recordLine = this.elementLine;
  }

  /** Pending elements [first, last) as a batch whose bytes start at `from` in `held`. */
  private batch(first: number, last: number, from: number): RecordBatch {
    const { pending } = this;
    const to = pending.ends[last - 1];
    const bytes = this.held.copy(from, to);
    const count = last - first;
    const starts = pending.starts.slice(first, last);
    const ends = pending.ends.slice(first, last);
    const textStarts = new Uint32Array(count);
    const textEnds = new Uint32Array(count);
    for (let k = 0; k < count; k++) {
      starts[k] -= from;
      ends[k] -= from;
      textStarts[k] = starts[k] - (pending.spareAtStart[first + k] - this.batchedSpare);
      textEnds[k] = ends[k] - (pending.spareAtEnd[first + k] - this.batchedSpare);
    }
    const batch: RecordBatch = {
      bytes,
      byteOffset: this.held.offset + from,
      firstLine: pending.lines[first],
      firstRecord: this.batchedRecords,
      records: count,
      elements: { starts, ends, textStarts, textEnds, lines: pending.lines.slice(first, last) },
    };
    this.batchedRecords += count;
    this.batchedSpare = pending.spareAtEnd[last - 1];
    return batch;
  }

  /**
   * Forgets the first `count` held bytes (batched). The safe point's column needs the UTF-16 units of its line from
   * the line's start: those of the dropped bytes are counted now.
   */
  private drop(count: number): void {
    if (count === 0) return;
    const { held } = this;
    const lineStart = this.safe.lineStart;
    if (lineStart < held.offset + count) {
      if (this.dropped.lineStart !== lineStart) this.dropped = { lineStart, units: 0 };
      const from = Math.max(lineStart - held.offset, 0);
      this.dropped.units += utf16Units(held.bytes.subarray(from, count));
    }
    held.drop(count);
    this.scanAt -= count;
    this.elementStart -= count;
    this.pending.moveBack(count);
  }
}
