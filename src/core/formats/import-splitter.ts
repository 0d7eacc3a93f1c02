import { BlobBuilder, Utf8Scratch, type BlobBuilderMark } from './blob-builder';
import {
  jsonArrayPartBytes,
  largestRecordBytes,
  partClosing,
  partOpening,
  partSeparator,
} from './json-array-part';
import type { PlacementLedger, PlacementMark, RecordAt } from './part-placements';

const opening = new TextEncoder().encode(partOpening);
const separator = new TextEncoder().encode(partSeparator);
const closing = new TextEncoder().encode(partClosing);

/** Unwritten records are written once they hold this many UTF-16 units (see `ImportSplitter.unwritten`). */
const unwrittenChars = 16 * 1024;

/** What the splitter held at one moment; `rollback` returns to it. */
export interface SplitterMark {
  readonly partEnds: number;
  readonly recordsInPart: number;
  readonly recordBytesInPart: number;
  readonly out: BlobBuilderMark;
  readonly placements: PlacementMark | undefined;
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
  /** The UTF-8 bytes of the open part's written records alone (no brackets or separators). */
  private recordBytesInPart = 0;
  /**
   * The open part's last records, not yet written: they are encoded together once they hold `unwrittenChars` UTF-16
   * units. In Chromium one TextEncoder call per record took 1.3-2x the time of one call per ~50 records (measured
   * here), and the record path (JSON arrays, CSV) writes every record as text. Their size is counted at its bound
   * (3 bytes per unit) until they are written, which makes it exact again.
   */
  private unwritten: string[] = [];
  private unwrittenUnits = 0;

  /** `placements`, when given, is told which record goes into which part (the record's `at` in `add`). */
  constructor(
    limitBytes: number,
    readonly placements: PlacementLedger | null = null,
  ) {
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
  add(json: string, at?: RecordAt): boolean {
    // UTF-8 takes at most 3 bytes per UTF-16 unit: a record that surely fits the open part waits to be encoded into
    // it with others (most records). Otherwise its exact size decides, through a scratch buffer.
    const atMost = json.length * 3;
    if (atMost <= this.maxRecordBytes && this.fitsOpenPart(atMost)) {
      this.unwritten.push(json);
      this.unwrittenUnits += json.length;
      this.recordsInPart++;
      if (at) this.placements?.place(at);
      if (this.unwrittenUnits >= unwrittenChars) this.writeUnwritten();
      return true;
    }
    this.writeUnwritten();
    return this.addBytes(this.scratch.encode(json), at);
  }

  /** `add` for a record already serialized as UTF-8 (copied: the caller may reuse the bytes). */
  addBytes(bytes: Uint8Array, at?: RecordAt): boolean {
    this.writeUnwritten();
    if (bytes.length > this.maxRecordBytes) return false;
    if (!this.fitsOpenPart(bytes.length)) this.closePart();
    this.out.appendBytes(this.recordsInPart > 0 ? separator : opening);
    this.out.appendBytes(bytes);
    this.placed(bytes.length);
    if (at) this.placements?.place(at);
    return true;
  }

  /** Closes the open part now, if it holds records: the next record starts a new part. */
  cut(): void {
    if (this.recordsInPart > 0) this.closePart();
  }

  /** Remembers the parts so far and the open part's content, so `rollback` can drop what is added after. */
  mark(): SplitterMark {
    this.writeUnwritten();
    return {
      partEnds: this.partEnds.length,
      recordsInPart: this.recordsInPart,
      recordBytesInPart: this.recordBytesInPart,
      out: this.out.mark(),
      placements: this.placements?.mark(),
    };
  }

  /** Drops every record added since `mark` (parts closed since then too); the open part is as it was. */
  rollback(mark: SplitterMark): void {
    this.partEnds.length = mark.partEnds;
    this.out.rollback(mark.out);
    this.unwritten = [];
    this.unwrittenUnits = 0;
    this.recordsInPart = mark.recordsInPart;
    this.recordBytesInPart = mark.recordBytesInPart;
    if (mark.placements) this.placements?.rollback(mark.placements);
  }

  /** Closes the last part; returns all parts (none when no record was added). */
  finish(): Blob[] {
    if (this.recordsInPart > 0) this.closePart();
    const all = this.out.toBlob('application/json');
    return this.partEnds.map((end, i) =>
      all.slice(i === 0 ? 0 : this.partEnds[i - 1], end, 'application/json'),
    );
  }

  /**
   * Whether a record of `bytes` fits the open part (an empty part takes any record within `maxRecordBytes`), with
   * the unwritten records counted at their bound: false may only mean "write them and ask again".
   */
  private fitsOpenPart(bytes: number): boolean {
    if (this.recordsInPart === 0) return true;
    const atMost = this.recordBytesInPart + this.unwrittenUnits * 3 + bytes;
    return jsonArrayPartBytes(this.recordsInPart + 1, atMost) <= this.limit;
  }

  /** Encodes the unwritten records into the open part (one call), after which its size is exact again. */
  private writeUnwritten(): void {
    const count = this.unwritten.length;
    if (count === 0) return;
    const first = this.recordsInPart === count ? partOpening : partSeparator;
    const written = this.out.append(first + this.unwritten.join(partSeparator));
    // The opening or separator before each record is one byte.
    this.recordBytesInPart += written - count;
    this.unwritten = [];
    this.unwrittenUnits = 0;
  }

  private placed(bytes: number): void {
    this.recordsInPart++;
    this.recordBytesInPart += bytes;
  }

  private closePart(): void {
    this.writeUnwritten();
    this.out.appendBytes(closing);
    this.partEnds.push(this.out.bytes);
    this.placements?.closePart();
    this.recordsInPart = 0;
    this.recordBytesInPart = 0;
  }
}
