import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ImportSplitter } from './import-splitter';
import { jsonArrayPartBytes } from './json-array-part';
import { utf8Length } from './utf8';
import { zipBlobs } from './zip';

const records = Array.from({ length: 300 }, (_, i) =>
  JSON.stringify({ email: `user${i}@example.com`, name: 'é'.repeat(i % 40) }),
);

describe('import splitter', () => {
  it('cuts valid JSON arrays within the byte limit, in order, never splitting a record', async () => {
    const limit = 2_000;
    const splitter = new ImportSplitter(limit);
    for (const json of records) expect(splitter.add(json)).toBe(true);
    const parts = splitter.finish();
    expect(parts.length).toBeGreaterThan(5);
    const seen: unknown[] = [];
    for (const part of parts) {
      const bytes = new Uint8Array(await part.arrayBuffer());
      expect(bytes.length).toBeLessThanOrEqual(limit);
      const inPart = JSON.parse(new TextDecoder().decode(bytes)) as unknown[];
      const recordBytes = records
        .slice(seen.length, seen.length + inPart.length)
        .reduce((sum, json) => sum + utf8Length(json), 0);
      // Each part is exactly as large as the shared rule counts it.
      expect(bytes.length).toBe(jsonArrayPartBytes(inPart.length, recordBytes));
      seen.push(...inPart);
    }
    expect(seen).toEqual(records.map((json) => JSON.parse(json)));
    // A part is full: the next record would not have fitted.
    const inFirst = (JSON.parse(await parts[0].text()) as unknown[]).length;
    const firstRecordBytes = records.slice(0, inFirst + 1).reduce((sum, json) => sum + utf8Length(json), 0);
    expect(jsonArrayPartBytes(inFirst + 1, firstRecordBytes)).toBeGreaterThan(limit);
  });

  it('fills 450,000-byte parts to the byte from records encoded many at a time, multi-byte ones included', async () => {
    const many = Array.from({ length: 20_000 }, (_, i) =>
      JSON.stringify({
        email: `user${i}@example.com`,
        name: i % 3 === 0 ? 'Zoë 山田 😀'.repeat(i % 7) : `User ${i}`,
      }),
    );
    const splitter = new ImportSplitter(450_000);
    for (const json of many) expect(splitter.add(json)).toBe(true);
    const parts = splitter.finish();
    expect(parts.length).toBeGreaterThanOrEqual(2);
    let from = 0;
    for (const [n, part] of parts.entries()) {
      const inPart = (JSON.parse(await part.text()) as unknown[]).length;
      const bytesOf = (count: number) =>
        jsonArrayPartBytes(
          count,
          many.slice(from, from + count).reduce((sum, json) => sum + utf8Length(json), 0),
        );
      expect(part.size).toBe(bytesOf(inPart));
      expect(part.size).toBeLessThanOrEqual(450_000);
      if (n < parts.length - 1) expect(bytesOf(inPart + 1)).toBeGreaterThan(450_000);
      from += inPart;
    }
    expect(from).toBe(many.length);
  });

  it('rolls back to a mark, dropping parts closed since then, as if the records had never come', async () => {
    const texts = async (parts: Blob[]) => Promise.all(parts.map((part) => part.text()));
    const expected = new ImportSplitter(1_000);
    records.slice(0, 30).forEach((json) => expected.add(json));
    records.slice(200, 230).forEach((json) => expected.add(json));

    const splitter = new ImportSplitter(1_000);
    records.slice(0, 30).forEach((json) => splitter.add(json));
    const mark = splitter.mark();
    records.slice(30, 120).forEach((json) => splitter.add(json));
    splitter.rollback(mark);
    records.slice(200, 230).forEach((json) => splitter.add(json));
    expect(await texts(splitter.finish())).toEqual(await texts(expected.finish()));
  });

  it('refuses a record larger than a part may be', () => {
    const splitter = new ImportSplitter(100);
    expect(splitter.add(JSON.stringify({ email: 'a@b.co', name: 'x'.repeat(100) }))).toBe(false);
    expect(splitter.add(JSON.stringify({ email: 'a@b.co' }))).toBe(true);
    expect(splitter.finish()).toHaveLength(1);
  });

  it('zips parts, stored or deflated', async () => {
    const splitter = new ImportSplitter(1_000);
    records.slice(0, 50).forEach((json) => splitter.add(json));
    const parts = splitter.finish();
    for (const deflate of [true, false]) {
      const zip = await zipBlobs(
        parts.map((blob, i) => ({ name: `p-${i}.json`, blob })),
        deflate,
      );
      const files = unzipSync(new Uint8Array(await zip.arrayBuffer()));
      expect(Object.keys(files)).toHaveLength(parts.length);
      expect(new TextDecoder().decode(files['p-0.json'])).toBe(await parts[0].text());
    }
  });
});
