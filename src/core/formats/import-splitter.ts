import { BlobBuilder, Utf8Scratch, type BlobBuilderMark } from './blob-builder';
import {
  jsonArrayPartBytes,
  largestRecordBytes,
  partClosing,
  partOpening,
  partSeparator,
} from './json-array-part';

const opening = new TextEncoder().encode(partOpening);
const separator = new TextEncoder().encode(partSeparator);
const closing = new TextEncoder().encode(partClosing);

/** What the splitter held at one moment; `rollback` returns to it. */
export interface SplitterMark {
  readonly partEnds: number;
  readonly recordsInPart: number;
  readonly recordBytesInPart: number;
  readonly out: BlobBuilderMark;
}

/**
 * Splits the import file into parts, each a valid JSON array of at most `limitBytes` UTF-8 bytes (what the API
 * counts), never splitting a record. Parts are laid out and counted by json-array-part.ts, the rule the Import
 * screen's planner uses too, so both cut the same records at the same places. With no limit (0 or Infinity)
 * everything goes into one part.
 *
 * All parts are written one after another into one builder of 4 MB batches, and each part is sliced out of the
 * result at the end: in Chromium, making a Blob costs per Blob as much as per byte (450 KB Blobs were made at
 * ~410 MB/s, 4 MB ones at ~820 MB/s), while slicing a Blob copies nothing.
 */
export class ImportSplitter {
  private readonly limit: number;
  /** The bytes a single record may take so that a part holding only it fits the limit. */
  readonly maxRecordBytes: number;
  private readonly scratch = new Utf8Scratch();
  private readonly out = new BlobBuilder();
  /** Where each closed part ends in `out` (a part starts where the one before it ended). */
  private readonly partEnds: number[] = [];
  private recordsInPart = 0;
  /** The UTF-8 bytes of the open part's records alone (no brackets or separators). */
  private recordBytesInPart = 0;

  constructor(limitBytes: number) {
    this.limit = limitBytes > 0 ? limitBytes : Infinity;
    this.maxRecordBytes = largestRecordBytes(this.limit);
  }

  /** Parts closed so far. */
  get closedParts(): number {
    return this.partEnds.length;
  }

  /** True while a part is open (it becomes a part at the next split or at finish). */
  get pending(): boolean {
    return this.recordsInPart > 0;
  }

  /**
   * Adds one serialized record. Returns false (and adds nothing) when the record alone is larger than a part may be.
   */
  add(json: string): boolean {
    // UTF-8 takes at most 3 bytes per UTF-16 unit: a record that surely fits the open part is encoded straight into
    // it (most records; the exact byte count below needs a copy through a scratch buffer).
    const atMost = json.length * 3;
    if (atMost <= this.maxRecordBytes && this.fitsOpenPart(atMost)) {
      this.out.appendBytes(this.recordsInPart > 0 ? separator : opening);
      this.placed(this.out.append(json));
      return true;
    }
    return this.addBytes(this.scratch.encode(json));
  }

  /** `add` for a record already serialized as UTF-8 (copied: the caller may reuse the bytes). */
  addBytes(bytes: Uint8Array): boolean {
    if (bytes.length > this.maxRecordBytes) return false;
    if (!this.fitsOpenPart(bytes.length)) this.closePart();
    this.out.appendBytes(this.recordsInPart > 0 ? separator : opening);
    this.out.appendBytes(bytes);
    this.placed(bytes.length);
    return true;
  }

  /** Remembers the parts so far and the open part's content, so `rollback` can drop what is added after. */
  mark(): SplitterMark {
    return {
      partEnds: this.partEnds.length,
      recordsInPart: this.recordsInPart,
      recordBytesInPart: this.recordBytesInPart,
      out: this.out.mark(),
    };
  }

  /** Drops every record added since `mark` (parts closed since then too); the open part is as it was. */
  rollback(mark: SplitterMark): void {
    this.partEnds.length = mark.partEnds;
    this.out.rollback(mark.out);
    this.recordsInPart = mark.recordsInPart;
    this.recordBytesInPart = mark.recordBytesInPart;
  }

  /** Closes the last part; returns all parts (none when no record was added). */
  finish(): Blob[] {
    if (this.recordsInPart > 0) this.closePart();
    const all = this.out.toBlob('application/json');
    return this.partEnds.map((end, i) =>
      all.slice(i === 0 ? 0 : this.partEnds[i - 1], end, 'application/json'),
    );
  }

  /** Whether a record of `bytes` fits the open part (an empty part takes any record within `maxRecordBytes`). */
  private fitsOpenPart(bytes: number): boolean {
    if (this.recordsInPart === 0) return true;
    return jsonArrayPartBytes(this.recordsInPart + 1, this.recordBytesInPart + bytes) <= this.limit;
  }

  private placed(bytes: number): void {
    this.recordsInPart++;
    this.recordBytesInPart += bytes;
  }

  private closePart(): void {
    this.out.appendBytes(closing);
    this.partEnds.push(this.out.bytes);
    this.recordsInPart = 0;
    this.recordBytesInPart = 0;
  }
}
