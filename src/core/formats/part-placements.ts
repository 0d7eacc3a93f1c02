/**
 * Where each record went in the import parts, noted by the ImportSplitter as it writes them, for the Import screen:
 * with it, the parts a check wrote are the import's parts, and planning needs no second pass over the files (see
 * features/import/plan-from-check.ts). Compact: two 32-bit numbers per placed record, and the email of each record
 * left out (for the run's outcome list).
 */
import { grownTo } from '../typed-arrays';

/** A record as the output is told about it: its 0-based index and 1-based line (null when unknown). */
export interface RecordAt {
  index: number;
  line: number | null;
}

/** One part: its file and where its records are in the ledger's columns. */
export interface PlacedPart {
  file: string;
  start: number;
  end: number;
}

/** What the ledger held at one moment (see `mark`). */
export interface PlacementMark {
  records: number;
  parts: number;
  leftOut: number;
  partStart: number;
}

export class PlacementLedger {
  /** Per placed record, in output order: its index in its file, and its line (-1 for unknown). */
  indices = new Int32Array(1024);
  lines = new Int32Array(1024);
  records = 0;
  readonly parts: PlacedPart[] = [];
  /** Records left out of the parts that carry an email: file, index and email, in file order. */
  readonly leftOut: { file: string; index: number; email: string }[] = [];
  private file = '';
  private partStart = 0;

  /** The records placed from now on come from `file`. */
  beginFile(file: string): void {
    this.file = file;
  }

  place(at: RecordAt): void {
    if (this.records === this.indices.length) {
      this.indices = grownTo(this.indices, this.indices.length * 2);
      this.lines = grownTo(this.lines, this.lines.length * 2);
    }
    this.indices[this.records] = at.index;
    this.lines[this.records] = at.line ?? -1;
    this.records++;
  }

  /** The records placed since the last part make a part (nothing happens when there are none). */
  closePart(): void {
    if (this.records === this.partStart) return;
    this.parts.push({ file: this.file, start: this.partStart, end: this.records });
    this.partStart = this.records;
  }

  /** A record of the current file that went into no part, with its email (records without one are not kept). */
  noteLeftOut(index: number, email: string | null): void {
    if (email !== null) this.leftOut.push({ file: this.file, index, email });
  }

  mark(): PlacementMark {
    return {
      records: this.records,
      parts: this.parts.length,
      leftOut: this.leftOut.length,
      partStart: this.partStart,
    };
  }

  /** Forgets what was noted after `mark` (a file that failed partway). */
  rollback(mark: PlacementMark): void {
    this.records = mark.records;
    this.parts.length = mark.parts;
    this.leftOut.length = mark.leftOut;
    this.partStart = mark.partStart;
  }
}
