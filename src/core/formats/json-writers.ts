import type { BlobBuilder, BlobBuilderMark } from './blob-builder';

const arrayOpening = new TextEncoder().encode('[\n');
const arraySeparator = new TextEncoder().encode(',\n');
const lineEnd = new TextEncoder().encode('\n');

/** What a writer held at one moment; `rollback` returns to it. */
export interface WriterMark {
  readonly out: BlobBuilderMark;
  readonly records: number;
}

/** Writes a JSON array with one record per line (easy to diff), from records already serialized. */
export class JsonArrayWriter {
  records = 0;
  private readonly out: BlobBuilder;

  constructor(out: BlobBuilder) {
    this.out = out;
  }

  /** Appends one serialized record; returns the bytes written. */
  add(json: string): number {
    // Two appends: concatenating would copy a large record once more.
    return this.out.append(this.records++ === 0 ? '[\n' : ',\n') + this.out.append(json);
  }

  /** Appends one record already serialized as UTF-8. */
  addBytes(json: Uint8Array): void {
    this.out.appendBytes(this.records++ === 0 ? arrayOpening : arraySeparator);
    this.out.appendBytes(json);
  }

  mark(): WriterMark {
    return { out: this.out.mark(), records: this.records };
  }

  rollback(mark: WriterMark): void {
    this.out.rollback(mark.out);
    this.records = mark.records;
  }

  finish(type = 'application/json'): Blob {
    this.out.append(this.records === 0 ? '[]\n' : '\n]\n');
    return this.out.toBlob(type);
  }
}

/** Writes NDJSON: one serialized record per line. */
export class NdjsonWriter {
  records = 0;
  private readonly out: BlobBuilder;

  constructor(out: BlobBuilder) {
    this.out = out;
  }

  add(json: string): number {
    this.records++;
    return this.out.append(json) + this.out.append('\n');
  }

  addBytes(json: Uint8Array): void {
    this.records++;
    this.out.appendBytes(json);
    this.out.appendBytes(lineEnd);
  }

  mark(): WriterMark {
    return { out: this.out.mark(), records: this.records };
  }

  rollback(mark: WriterMark): void {
    this.out.rollback(mark.out);
    this.records = mark.records;
  }

  finish(type = 'application/x-ndjson'): Blob {
    return this.out.toBlob(type);
  }
}
