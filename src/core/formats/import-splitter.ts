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
  readonly parts: number;
  readonly recordsInPart: number;
  readonly recordBytesInPart: number;
  readonly openPart: BlobBuilderMark;
}

/**
 * Splits the import file into parts, each a valid JSON array of at most `limitBytes` UTF-8 bytes (what the API
 * counts), never splitting a record. Parts are laid out and counted by json-array-part.ts, the rule the Import
 * screen's planner uses too, so both cut the same records at the same places. With no limit (0 or Infinity)
 * everything goes into one part.
 */
export class ImportSplitter {
  readonly parts: Blob[] = [];
  private readonly limit: number;
  private readonly scratch = new Utf8Scratch();
  // One builder for every part: its batch buffer is reused, and `toBlob` leaves it empty for the next part.
  private readonly current: BlobBuilder;
  private recordsInPart = 0;
  /** The UTF-8 bytes of the open part's records alone (no brackets or separators). */
  private recordBytesInPart = 0;

  constructor(limitBytes: number) {
    this.limit = limitBytes > 0 ? limitBytes : Infinity;
    this.current = new BlobBuilder(
      Number.isFinite(this.limit) ? Math.min(this.limit, 4 * 1024 * 1024) : undefined,
    );
  }

  /** True while a part is open (it becomes a part at the next split or at finish). */
  get pending(): boolean {
    return this.recordsInPart > 0;
  }

  /** The bytes a single record may take so that a part holding only it fits the limit. */
  get maxRecordBytes(): number {
    return largestRecordBytes(this.limit);
  }

  /**
   * Adds one serialized record. Returns false (and adds nothing) when the record alone is larger than a part may be.
   */
  add(json: string): boolean {
    // UTF-8 takes at most 3 bytes per UTF-16 unit: a record that surely fits the open part is encoded straight into
    // it (most records; the exact byte count below needs a copy through a scratch buffer).
    const atMost = json.length * 3;
    if (atMost <= this.maxRecordBytes && this.fitsOpenPart(atMost)) {
      this.current.appendBytes(this.recordsInPart > 0 ? separator : opening);
      this.placed(this.current.append(json));
      return true;
    }
    const bytes = this.scratch.encode(json);
    if (bytes.length > this.maxRecordBytes) return false;
    if (!this.fitsOpenPart(bytes.length)) this.closePart();
    this.current.appendBytes(this.recordsInPart > 0 ? separator : opening);
    this.current.appendBytes(bytes);
    this.placed(bytes.length);
    return true;
  }

  /** Remembers the parts so far and the open part's content, so `rollback` can drop what is added after. */
  mark(): SplitterMark {
    return {
      parts: this.parts.length,
      recordsInPart: this.recordsInPart,
      recordBytesInPart: this.recordBytesInPart,
      openPart: this.current.mark(),
    };
  }

  /** Drops every record added since `mark` (parts closed since then too); the open part is as it was. */
  rollback(mark: SplitterMark): void {
    this.parts.length = mark.parts;
    this.current.rollback(mark.openPart);
    this.recordsInPart = mark.recordsInPart;
    this.recordBytesInPart = mark.recordBytesInPart;
  }

  /** Closes the last part; returns all parts (none when no record was added). */
  finish(): Blob[] {
    if (this.recordsInPart > 0) this.closePart();
    return this.parts;
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
    this.current.appendBytes(closing);
    this.parts.push(this.current.toBlob('application/json'));
    this.recordsInPart = 0;
    this.recordBytesInPart = 0;
  }
}
