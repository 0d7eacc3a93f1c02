import { describe, expect, it } from 'vitest';
import { chunkedStream, gzip, readBytes, utf8 } from '../../../tests/fixtures/formats/chunked';
import { openTextSource } from './text-source';

async function decodeAll(bytes: Uint8Array, size: number): Promise<{ text: string; offsets: number[] }> {
  const source = await openTextSource(chunkedStream(bytes, size), () => undefined);
  let text = '';
  const offsets: number[] = [];
  for await (const chunk of source.chunks) {
    offsets.push(chunk.byteOffset);
    text += chunk.text;
  }
  return { text, offsets };
}

describe('text source', () => {
  it('decodes characters split across chunks and knows the byte offset of every chunk', async () => {
    const text = 'aé€😀b'.repeat(50);
    const bytes = utf8(text);
    for (const size of [1, 2, 3, 7]) {
      const decoded = await decodeAll(bytes, size);
      expect(decoded.text).toBe(text);
      // Every offset lands on a character boundary: re-encoding the text before it gives the same byte count.
      let seen = '';
      const source = await openTextSource(chunkedStream(bytes, size), () => undefined);
      for await (const chunk of source.chunks) {
        expect(chunk.byteOffset).toBe(utf8(seen).length);
        seen += chunk.text;
      }
    }
  });

  it('drops a UTF-8 BOM, counting its bytes', async () => {
    const decoded = await decodeAll(utf8('\uFEFFemail\n'), 1);
    expect(decoded.text).toBe('email\n');
    expect(decoded.offsets[0]).toBe(3);
  });

  it('rejects UTF-16 with either BOM, or without one, telling the user to save as UTF-8', async () => {
    const le = new Uint8Array([0xff, 0xfe, ...Array.from('email\n').flatMap((c) => [c.charCodeAt(0), 0])]);
    const be = new Uint8Array([0xfe, 0xff, ...Array.from('email\n').flatMap((c) => [0, c.charCodeAt(0)])]);
    const bare = new Uint8Array(Array.from('[{"email":"a@b.co"}]').flatMap((c) => [c.charCodeAt(0), 0]));
    for (const bytes of [le, be, bare, gzip(le)]) {
      const outcome = await readBytes(bytes, 7);
      expect(outcome.problem?.code).toBe('encoding.utf16');
      expect(outcome.problem?.hint).toContain('UTF-8');
    }
  });

  it('reports bytes that are not UTF-8, and a damaged gzip file', async () => {
    const latin1 = new Uint8Array([...utf8('email\nj'), 0xe9, ...utf8('r@b.co\n')]);
    expect((await readBytes(latin1, 7)).problem?.code).toBe('encoding.not-utf8');
    const zipped = gzip(utf8('{"email":"a@b.co"}\n'.repeat(100)));
    expect((await readBytes(zipped.slice(0, zipped.length - 30), 7)).problem?.code).toBe('gzip.corrupt');
  });

  it('names the first byte that is not UTF-8 and still delivers the text before it, whatever the chunking', async () => {
    const good = 'email\nzoë😀\n';
    const bytes = new Uint8Array([...utf8(good), 0xe2, 0x28, ...utf8('rest\n')]);
    for (const size of [1, 2, 5, 1024]) {
      const source = await openTextSource(chunkedStream(bytes, size), () => undefined);
      let text = '';
      let fault: { code: string; offset: number | null } | null = null;
      try {
        for await (const chunk of source.chunks) text += chunk.text;
      } catch (error) {
        fault = (error as { fault: { code: string; offset: number | null } }).fault;
      }
      expect(text).toBe(good);
      expect(fault).toMatchObject({ code: 'encoding.not-utf8', offset: utf8(good).length });
    }
    // A character cut off by the end of the file is reported where it starts.
    const cut = new Uint8Array([...utf8('ab'), 0xf0, 0x9f]);
    const source = await openTextSource(chunkedStream(cut, 1), () => undefined);
    await expect(
      (async () => {
        for await (const chunk of source.chunks) void chunk;
      })(),
    ).rejects.toMatchObject({ fault: { code: 'encoding.not-utf8', offset: 2 } });
  });

  it('reports an empty file', async () => {
    expect((await readBytes(utf8('  \n'), 1)).problem?.code).toBe('file.empty');
  });
});
