import { describe, expect, it } from 'vitest';
import { utf8 } from '../../../tests/fixtures/formats/chunked';
import { ByteReader } from './byte-reader';
import { openTextSource } from './text-source';

/** A byte stream (what Blob.stream() is) that enqueues `bytes` in pieces of `size`, as a BYOB reader may see them. */
function byteStream(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    type: 'bytes',
    pull(controller) {
      if (at >= bytes.length) {
        controller.close();
        controller.byobRequest?.respond(0);
        return;
      }
      const piece = bytes.slice(at, at + size);
      at += piece.length;
      controller.enqueue(piece);
    },
  }) as ReadableStream<Uint8Array>;
}

async function readAll(reader: ByteReader, maxBytes: number): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  // A chunk is only valid until the next read: keep copies, as a caller that holds on to bytes must.
  for (let chunk = await reader.read(maxBytes); chunk !== null; chunk = await reader.read(maxBytes)) {
    chunks.push(chunk.slice());
  }
  return chunks;
}

const joined = (chunks: Uint8Array[]): string => new TextDecoder().decode(Buffer.concat(chunks));

describe('byte reader', () => {
  it('reads a Blob (a byte stream, read into one reused buffer) whole and in order, after a peek', async () => {
    const text = 'aé€😀b\n'.repeat(300_000); // 3.6 MB: several reads of the reused 1 MiB buffer
    const reader = new ByteReader(new Blob([text]).stream() as ReadableStream<Uint8Array>);
    expect(new TextDecoder().decode(await reader.peek(6))).toBe('aé€');
    const chunks = await readAll(reader, 1024 * 1024);
    expect(chunks.length).toBeGreaterThan(3);
    expect(Math.max(...chunks.map((chunk) => chunk.length))).toBeLessThanOrEqual(1024 * 1024);
    expect(joined(chunks)).toBe(text);
  });

  it('honours the byte limit for byte streams and default streams alike', async () => {
    const bytes = utf8('0123456789'.repeat(10));
    for (const stream of [byteStream(bytes, 33), new Blob([bytes]).stream()]) {
      const reader = new ByteReader(stream as ReadableStream<Uint8Array>);
      await reader.peek(12);
      const chunks = await readAll(reader, 7);
      expect(chunks.every((chunk) => chunk.length <= 7)).toBe(true);
      expect(joined(chunks)).toBe('0123456789'.repeat(10));
    }
  });

  it('decodes characters split across BYOB reads of a byte stream', async () => {
    const text = '{"name":"Zoë 😀"}\n'.repeat(1000);
    for (const size of [1, 3, 7, 4096]) {
      const source = await openTextSource(byteStream(utf8(text), size), () => undefined);
      let decoded = '';
      for await (const chunk of source.chunks) decoded += chunk.text;
      expect(decoded).toBe(text);
    }
  });

  it('hands a gzip stream copies, so bytes inflated later are the bytes read', async () => {
    const text = '{"email":"a@b.co"}\n'.repeat(100_000);
    const zipped = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
    const packed = new Uint8Array(await new Response(zipped).arrayBuffer());
    const source = await openTextSource(
      new Blob([packed]).stream() as ReadableStream<Uint8Array>,
      () => undefined,
    );
    expect(source.compressed).toBe(true);
    let decoded = '';
    for await (const chunk of source.chunks) decoded += chunk.text;
    expect(decoded).toBe(text);
  });
});
