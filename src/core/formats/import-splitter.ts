import { BlobBuilder, Utf8Scratch, type BlobBuilderMark } from './blob-builder';

/** Bytes a part adds around its records: "[\n" before, "\n]\n" after. */
const partFrameBytes = 5;
/** Bytes between two records: ",\n". */
const separatorBytes = 2;

const opening = new TextEncoder().encode('[\n');
const separator = new TextEncoder().encode(',\n');
const close = new TextEncoder().encode('\n]\n');

/** What the splitter held at one moment; `rollback` returns to it. */
export interface SplitterMark {
  readonly parts: number;
  readonly recordsInPart: number;
  readonly openPart: BlobBuilderMark;
}

/**
 * Splits the import file into parts, each a valid JSON array of at most `limitBytes` UTF-8 bytes (what the API
 * counts), never splitting a record. With no limit (0 or Infinity) everything goes into one part.
 */
export class ImportSplitter {
  readonly parts: Blob[] = [];
  private readonly limit: number;
  private readonly scratch = new Utf8Scratch();
  // One builder for every part: its batch buffer is reused, and `toBlob` leaves it empty for the next part.
  private readonly current: BlobBuilder;
  private recordsInPart = 0;

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
    return this.limit - partFrameBytes;
  }

  /**
   * Adds one serialized record. Returns false (and adds nothing) when the record alone is larger than a part may be.
   */
  add(json: string): boolean {
    // UTF-8 takes at most 3 bytes per UTF-16 unit: a record that surely fits the open part is encoded straight into
    // it (most records; the exact byte count below needs a copy through a scratch buffer).
    const atMost = json.length * 3;
    const open = this.recordsInPart > 0;
    if (
      atMost <= this.maxRecordBytes &&
      (!open || this.current.bytes + separatorBytes + atMost + close.length <= this.limit)
    ) {
      this.current.appendBytes(open ? separator : opening);
      this.current.append(json);
      this.recordsInPart++;
      return true;
    }
    const bytes = this.scratch.encode(json);
    if (bytes.length > this.maxRecordBytes) return false;
    if (
      this.recordsInPart > 0 &&
      this.current.bytes + separatorBytes + bytes.length + close.length > this.limit
    ) {
      this.closePart();
    }
    this.current.appendBytes(this.recordsInPart === 0 ? opening : separator);
    this.current.appendBytes(bytes);
    this.recordsInPart++;
    return true;
  }

  /** Remembers the parts so far and the open part's content, so `rollback` can drop what is added after. */
  mark(): SplitterMark {
    return { parts: this.parts.length, recordsInPart: this.recordsInPart, openPart: this.current.mark() };
  }

  /** Drops every record added since `mark` (parts closed since then too); the open part is as it was. */
  rollback(mark: SplitterMark): void {
    this.parts.length = mark.parts;
    this.current.rollback(mark.openPart);
    this.recordsInPart = mark.recordsInPart;
  }

  /** Closes the last part; returns all parts (none when no record was added). */
  finish(): Blob[] {
    if (this.recordsInPart > 0) this.closePart();
    return this.parts;
  }

  private closePart(): void {
    this.current.appendBytes(close);
    this.parts.push(this.current.toBlob('application/json'));
    this.recordsInPart = 0;
  }
}
