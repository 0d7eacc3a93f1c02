/**
 * The bytes a batcher holds until they go out in batches (ndjson-batches.ts, json-array-batches.ts): chunks are
 * copied in at the end (the source reuses its buffer), batched bytes are dropped from the front.
 */
import type { ByteChunk } from '../formats/text-source';
import { BytePool } from './byte-pool';

export class HeldBytes {
  /** The held bytes are `bytes[0, used)`; the array may be replaced as it grows. */
  bytes: Uint8Array;
  used = 0;
  /** Where `bytes[0]` is in the file (-1 before the first chunk). */
  offset = -1;
  /** Buffers for the batches' own copies of their bytes. */
  readonly pool: BytePool;

  /** Room for about two batches at first; batch buffers of `batchBytes` and a little more. */
  constructor(batchBytes: number) {
    this.bytes = new Uint8Array(Math.min(batchBytes * 2, 4 * 1024 * 1024));
    // A batch is about `batchBytes` plus the rest of one record: room for that, so most buffers fit every batch.
    this.pool = new BytePool(batchBytes + 64 * 1024, 16);
  }

  /** The held bytes. */
  view(): Uint8Array {
    return this.bytes.subarray(0, this.used);
  }

  append(chunk: ByteChunk): void {
    if (this.offset === -1) this.offset = chunk.byteOffset;
    const { length } = chunk.bytes;
    if (this.used + length > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.used + length));
      grown.set(this.view());
      this.bytes = grown;
    }
    this.bytes.set(chunk.bytes, this.used);
    this.used += length;
  }

  /** A batch's own copy of held bytes [start, end), in a pooled buffer (see BytePool). */
  copy(start: number, end: number): Uint8Array {
    const copy = this.pool.take(end - start);
    copy.set(this.bytes.subarray(start, end));
    return copy;
  }

  /** Forgets the first `count` bytes (they went out in batches). */
  drop(count: number): void {
    if (count === 0) return;
    this.bytes.copyWithin(0, count, this.used);
    this.used -= count;
    this.offset += count;
  }
}
