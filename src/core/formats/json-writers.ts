import type { BlobBuilder } from './blob-builder';

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

  finish(type = 'application/x-ndjson'): Blob {
    return this.out.toBlob(type);
  }
}
