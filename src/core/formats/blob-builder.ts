/** Bytes gathered before they become one Blob part: few enough parts, and no long-lived small strings. */
const defaultBatchBytes = 4 * 1024 * 1024;

const encoder = new TextEncoder();

/** What a builder held at one moment (see `BlobBuilder.mark`). */
export interface BlobBuilderMark {
  readonly parts: readonly Blob[];
  readonly bytes: number;
}

/**
 * Builds a Blob from many small strings without keeping the strings: text is encoded as UTF-8 into a batch buffer,
 * and every full batch becomes a Blob part (which the platform may keep off the JavaScript heap).
 */
export class BlobBuilder {
  /** UTF-8 bytes appended so far. */
  bytes = 0;
  private parts: Blob[] = [];
  private buffer: Uint8Array<ArrayBuffer>;
  private used = 0;

  constructor(batchBytes = defaultBatchBytes) {
    this.buffer = new Uint8Array(Math.max(16, batchBytes));
  }

  /** Appends text as UTF-8; returns the number of bytes it took. */
  append(text: string): number {
    let rest = text;
    let written = 0;
    for (;;) {
      const result = encoder.encodeInto(rest, this.buffer.subarray(this.used));
      this.used += result.written;
      written += result.written;
      if (result.read === rest.length) break;
      rest = rest.slice(result.read);
      this.flush();
    }
    this.bytes += written;
    return written;
  }

  /** Appends bytes as they are. */
  appendBytes(bytes: Uint8Array): void {
    if (bytes.length <= 2 && this.used + bytes.length <= this.buffer.length) {
      // Separators: a typed-array copy costs more than writing a byte or two.
      for (let i = 0; i < bytes.length; i++) this.buffer[this.used++] = bytes[i];
      this.bytes += bytes.length;
      return;
    }
    if (bytes.length > this.buffer.length - this.used) {
      this.flush();
      if (bytes.length > this.buffer.length) {
        this.parts.push(new Blob([bytes.slice()]));
        this.bytes += bytes.length;
        return;
      }
    }
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
    this.bytes += bytes.length;
  }

  /** The Blob of everything appended. The builder can be used again afterwards, starting empty. */
  toBlob(type: string): Blob {
    this.flush();
    const blob = new Blob(this.parts, { type });
    this.parts = [];
    this.bytes = 0;
    return blob;
  }

  /**
   * Remembers what the builder holds now, so `rollback` can drop whatever is appended after (a file that fails
   * partway). Cheap: the pending batch becomes a Blob part and the list of parts is copied, never the bytes.
   */
  mark(): BlobBuilderMark {
    this.flush();
    return { parts: this.parts.slice(), bytes: this.bytes };
  }

  /** Goes back to what the builder held at `mark` (which may come from another builder). */
  rollback(mark: BlobBuilderMark): void {
    this.parts = mark.parts.slice();
    this.used = 0;
    this.bytes = mark.bytes;
  }

  private flush(): void {
    if (this.used === 0) return;
    // Blob copies the bytes (as the File API requires), so the batch buffer can be reused without a copy of ours.
    this.parts.push(new Blob([this.buffer.subarray(0, this.used)]));
    this.used = 0;
  }
}

/** Encodes a string as UTF-8 into a reused scratch buffer: the bytes are valid until the next call. */
export class Utf8Scratch {
  private buffer = new Uint8Array(64 * 1024);

  encode(text: string): Uint8Array {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (text.length * 3 > this.buffer.length) this.buffer = new Uint8Array(text.length * 3);
    const { written } = encoder.encodeInto(text, this.buffer);
    return this.buffer.subarray(0, written);
  }
}
