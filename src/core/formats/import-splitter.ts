import { BlobBuilder, Utf8Scratch } from './blob-builder';

/** Bytes a part adds around its records: "[\n" before, "\n]\n" after. */
const partFrameBytes = 5;
/** Bytes between two records: ",\n". */
const separatorBytes = 2;

const open = new TextEncoder().encode('[\n');
const separator = new TextEncoder().encode(',\n');
const close = new TextEncoder().encode('\n]\n');

/**
 * Splits the import file into parts, each a valid JSON array of at most `limitBytes` UTF-8 bytes (what the API
 * counts), never splitting a record. With no limit (0 or Infinity) everything goes into one part.
 */
export class ImportSplitter {
  readonly parts: Blob[] = [];
  private readonly limit: number;
  private readonly scratch = new Utf8Scratch();
  private current: BlobBuilder;
  private recordsInPart = 0;

  constructor(limitBytes: number) {
    this.limit = limitBytes > 0 ? limitBytes : Infinity;
    this.current = this.newPart();
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
    const bytes = this.scratch.encode(json);
    if (bytes.length > this.maxRecordBytes) return false;
    if (
      this.recordsInPart > 0 &&
      this.current.bytes + separatorBytes + bytes.length + close.length > this.limit
    ) {
      this.closePart();
    }
    this.current.appendBytes(this.recordsInPart === 0 ? open : separator);
    this.current.appendBytes(bytes);
    this.recordsInPart++;
    return true;
  }

  /** Closes the last part; returns all parts (none when no record was added). */
  finish(): Blob[] {
    if (this.recordsInPart > 0) this.closePart();
    return this.parts;
  }

  private closePart(): void {
    this.current.appendBytes(close);
    this.parts.push(this.current.toBlob('application/json'));
    this.current = this.newPart();
    this.recordsInPart = 0;
  }

  private newPart(): BlobBuilder {
    return new BlobBuilder(Number.isFinite(this.limit) ? Math.min(this.limit, 4 * 1024 * 1024) : undefined);
  }
}
