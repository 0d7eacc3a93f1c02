/**
 * Reused byte buffers for batches. A new ArrayBuffer per batch (a megabyte, hundreds of times a file) lives
 * outside the JavaScript heap, and V8 frees it only at a collection that external-memory pressure triggers late:
 * in Chromium such buffers piled up to tens of MiB per thread. A handful of buffers, taken and given back, do not.
 */
export class BytePool {
  private readonly free: ArrayBuffer[] = [];
  private readonly minBytes: number;
  private readonly keep: number;

  /** Buffers are at least `minBytes`; at most `keep` idle ones are kept. */
  constructor(minBytes: number, keep = 8) {
    this.minBytes = minBytes;
    this.keep = keep;
  }

  /** `length` bytes at the start of a whole buffer (so the buffer can be transferred and given back). */
  take(length: number): Uint8Array {
    const at = this.free.findIndex((buffer) => buffer.byteLength >= length);
    const buffer = at === -1 ? new ArrayBuffer(Math.max(length, this.minBytes)) : this.free.splice(at, 1)[0];
    return new Uint8Array(buffer, 0, length);
  }

  /** Gives a buffer back once nothing reads its bytes any more (a transferred-away buffer is ignored). */
  give(buffer: ArrayBufferLike): void {
    if (buffer.byteLength === 0 || !(buffer instanceof ArrayBuffer)) return;
    if (this.free.length < this.keep) this.free.push(buffer);
  }
}
