/**
 * A pull reader over a byte stream that can look ahead: format and encoding sniffing need the first bytes before
 * deciding how to read the rest, without reading the stream twice.
 */
export class ByteReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private buffered: Uint8Array[] = [];
  private bufferedLength = 0;
  private ended = false;

  constructor(stream: ReadableStream<Uint8Array>) {
    this.reader = stream.getReader();
  }

  /** The first `count` bytes not yet read (fewer at the end of the stream); they stay unread. */
  async peek(count: number): Promise<Uint8Array> {
    while (this.bufferedLength < count && !this.ended) {
      const { done, value } = await this.reader.read();
      if (done) this.ended = true;
      else if (value.length > 0) {
        this.buffered.push(value);
        this.bufferedLength += value.length;
      }
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

  /** The next chunk (at most `maxBytes`; the rest stays for the next read), or null at the end. */
  async read(maxBytes = Infinity): Promise<Uint8Array | null> {
    let chunk = this.buffered.shift();
    if (chunk) this.bufferedLength -= chunk.length;
    else if (!this.ended) {
      const { done, value } = await this.reader.read();
      if (done) this.ended = true;
      else chunk = value;
    }
    if (chunk === undefined) return null;
    if (chunk.length > maxBytes) {
      const rest = chunk.subarray(maxBytes);
      this.buffered.unshift(rest);
      this.bufferedLength += rest.length;
      chunk = chunk.subarray(0, maxBytes);
    }
    return chunk;
  }

  /** Stops reading (on cancel or a fatal fault) so the source releases what it holds. */
  async cancel(): Promise<void> {
    this.ended = true;
    this.buffered = [];
    await this.reader.cancel().catch(() => undefined);
  }

  /** The rest of the bytes as a stream, e.g. to pipe through a DecompressionStream. */
  toStream(onChunk?: (bytes: number) => void): ReadableStream<Uint8Array> {
    return new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        const chunk = await this.read();
        if (chunk === null) controller.close();
        else {
          onChunk?.(chunk.length);
          controller.enqueue(chunk);
        }
      },
      cancel: () => this.cancel(),
    });
  }
}
