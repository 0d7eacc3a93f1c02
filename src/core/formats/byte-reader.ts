/**
 * A pull reader over a byte stream that can look ahead: format and encoding sniffing need the first bytes before
 * deciding how to read the rest, without reading the stream twice.
 *
 * Memory: a default reader hands out a new ArrayBuffer per chunk, and those are freed only when the garbage
 * collector gets to them. Streaming a 336 MB Blob that way in Chromium raised the renderer's peak by ~160 MiB even
 * when nothing but the byte count was kept (tests/bench, `x-bytes`). A byte stream (a Blob's, in Chromium and Node)
 * is therefore read with a BYOB reader into one reused buffer, which peaked at ~8 MiB over the idle page. Other
 * streams (a DecompressionStream's output) fall back to the default reader.
 */

/** The chunks of a stream: each valid until the next `next()` (a BYOB source reuses its buffer). */
interface ChunkPull {
  next(maxBytes: number): Promise<Uint8Array | null>;
  cancel(): Promise<void>;
}

/** Bytes a BYOB read asks for at most. */
const byobBufferBytes = 1024 * 1024;

function byobPull(stream: ReadableStream<Uint8Array>): ChunkPull | null {
  let reader: ReadableStreamBYOBReader;
  try {
    reader = stream.getReader({ mode: 'byob' });
  } catch {
    return null; // Not a byte stream: the stream is not locked, a default reader takes it.
  }
  let buffer = new ArrayBuffer(byobBufferBytes);
  return {
    async next(maxBytes) {
      const size = Math.min(buffer.byteLength, Math.max(1, maxBytes));
      for (;;) {
        const { done, value } = await reader.read(new Uint8Array(buffer, 0, size));
        if (done || value === undefined) return null;
        buffer = value.buffer as ArrayBuffer;
        if (value.length > 0) return value;
      }
    },
    cancel: () => reader.cancel(),
  };
}

function defaultPull(stream: ReadableStream<Uint8Array>): ChunkPull {
  const reader = stream.getReader();
  return {
    async next() {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return null;
        if (value.length > 0) return value;
      }
    },
    cancel: () => reader.cancel(),
  };
}

export class ByteReader {
  private readonly pull: ChunkPull;
  /** Bytes looked at but not read yet: always copies, never views of a buffer the pull reuses. */
  private buffered: Uint8Array[] = [];
  private bufferedLength = 0;
  private ended = false;

  constructor(stream: ReadableStream<Uint8Array>) {
    this.pull = byobPull(stream) ?? defaultPull(stream);
  }

  /** The first `count` bytes not yet read (fewer at the end of the stream); they stay unread. */
  async peek(count: number): Promise<Uint8Array> {
    while (this.bufferedLength < count && !this.ended) {
      const chunk = await this.pull.next(Infinity);
      if (chunk === null) this.ended = true;
      else this.hold(chunk.slice());
    }
    const out = new Uint8Array(Math.min(count, this.bufferedLength));
    let at = 0;
    for (const part of this.buffered) {
      if (at >= out.length) break;
      const take = part.subarray(0, out.length - at);
      out.set(take, at);
      at += take.length;
    }
    return out;
  }

  /**
   * The next chunk (at most `maxBytes`; the rest stays for the next read), or null at the end. The chunk is valid
   * until the next `read` or `peek`: copy what must outlive that.
   */
  async read(maxBytes = Infinity): Promise<Uint8Array | null> {
    let chunk = this.buffered.shift();
    if (chunk) this.bufferedLength -= chunk.length;
    else if (!this.ended) {
      const pulled = await this.pull.next(maxBytes);
      if (pulled === null) this.ended = true;
      else chunk = pulled;
    }
    if (chunk === undefined) return null;
    if (chunk.length > maxBytes) {
      // Only a default reader's chunk can be longer than asked; it is not reused, so its rest can wait here.
      this.buffered.unshift(chunk.subarray(maxBytes));
      this.bufferedLength += chunk.length - maxBytes;
      chunk = chunk.subarray(0, maxBytes);
    }
    return chunk;
  }

  /** Stops reading (on cancel or a fatal fault) so the source releases what it holds. */
  async cancel(): Promise<void> {
    this.ended = true;
    this.buffered = [];
    this.bufferedLength = 0;
    await this.pull.cancel().catch(() => undefined);
  }

  /** The rest of the bytes as a stream, e.g. to pipe through a DecompressionStream. */
  toStream(onChunk?: (bytes: number) => void): ReadableStream<Uint8Array> {
    return new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        const chunk = await this.read();
        if (chunk === null) controller.close();
        else {
          onChunk?.(chunk.length);
          // The stream keeps what it is given, and the next read may reuse this chunk's buffer: hand over a copy.
          controller.enqueue(chunk.slice());
        }
      },
      cancel: () => this.cancel(),
    });
  }

  private hold(chunk: Uint8Array): void {
    this.buffered.push(chunk);
    this.bufferedLength += chunk.length;
  }
}
