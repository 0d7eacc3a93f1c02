import { gzipSync, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { gzipMemberParts, zipBlobs } from './zip';

const crcOf = (gz: Uint8Array): number =>
  new DataView(gz.buffer, gz.byteOffset + gz.length - 8).getUint32(0, true);

describe('gzipMemberParts', () => {
  it('finds the deflate data after the optional header fields and reads the trailer', () => {
    const text = new TextEncoder().encode('{"email":"a@b.co"}'.repeat(500));
    const plain = gzipSync(text);
    const named = gzipSync(text, { filename: 'users.json', mtime: 0 });
    // FEXTRA (4) and FCOMMENT (16) added by hand to a plain member: header, 4-byte extra field, comment, rest.
    const decorated = new Uint8Array([
      ...plain.subarray(0, 3),
      plain[3] | 4 | 16,
      ...plain.subarray(4, 10),
      4,
      0,
      1,
      2,
      3,
      4,
      ...new TextEncoder().encode('note'),
      0,
      ...plain.subarray(10),
    ]);
    const expected = gzipMemberParts(plain);
    expect(expected.size).toBe(text.length);
    expect(expected.crc).toBe(crcOf(plain));
    for (const member of [named, decorated]) {
      const parts = gzipMemberParts(member);
      expect(parts.size).toBe(text.length);
      expect(parts.crc).toBe(expected.crc);
      expect(parts.deflated).toEqual(expected.deflated);
    }
  });

  it('refuses what is not gzip', () => {
    expect(() => gzipMemberParts(new TextEncoder().encode('not gzip at all, not even close'))).toThrow(
      /gzip/,
    );
  });
});

describe('zipBlobs', () => {
  it('deflates in JavaScript where the platform has no CompressionStream', async () => {
    const native = globalThis.CompressionStream;
    const text = '{"email":"a@example.com"}'.repeat(2_000);
    try {
      // @ts-expect-error: a browser from before CompressionStream
      delete globalThis.CompressionStream;
      const zip = await zipBlobs([{ name: 'a.json', blob: new Blob([text]) }]);
      expect(zip.size).toBeLessThan(text.length / 10);
      expect(new TextDecoder().decode(unzipSync(new Uint8Array(await zip.arrayBuffer()))['a.json'])).toBe(
        text,
      );
    } finally {
      globalThis.CompressionStream = native;
    }
  });

  it('deflates entries of any size, empty ones and non-ASCII names included, so any unzip reads them back', async () => {
    const big = new TextEncoder().encode(
      Array.from({ length: 40_000 }, (_, i) => `{"email":"user${i}@example.com"}`).join(','),
    );
    const entries = [
      { name: 'big.json', blob: new Blob([big]) },
      { name: 'empty.json', blob: new Blob([]) },
      { name: 'Zoë-山田.json', blob: new Blob(['[{"name":"Zoë 😀"}]']) },
    ];
    const zip = await zipBlobs(entries);
    expect(zip.type).toBe('application/zip');
    expect(zip.size).toBeLessThan(big.length / 3);
    const files = unzipSync(new Uint8Array(await zip.arrayBuffer()));
    expect(Object.keys(files)).toEqual(['big.json', 'empty.json', 'Zoë-山田.json']);
    // Compared as text: a deep equality over a million array elements takes seconds.
    expect(new TextDecoder().decode(files['big.json'])).toBe(new TextDecoder().decode(big));
    expect(files['empty.json']).toHaveLength(0);
    expect(new TextDecoder().decode(files['Zoë-山田.json'])).toBe('[{"name":"Zoë 😀"}]');
  });
});
