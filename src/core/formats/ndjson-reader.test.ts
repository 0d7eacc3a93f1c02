import { describe, expect, it } from 'vitest';
import {
  chunkSizes,
  gzip,
  readBytes,
  readWithAllChunkSizes,
  utf8,
} from '../../../tests/fixtures/formats/chunked';

describe('NDJSON reader', () => {
  it('reads one record per line with 1-based lines, CRLF, and skips blank lines', async () => {
    const text =
      '{"email":"zoë@example.com"}\r\n\r\n   \n{"email":"b@example.com","name":"日本"}\r\n{"email":"c@example.com"}';
    for (const outcome of await readWithAllChunkSizes(utf8(text))) {
      expect(outcome.format).toBe('ndjson');
      expect(outcome.records.map((r) => [r.index, r.line])).toEqual([
        [0, 1],
        [1, 4],
        [2, 5],
      ]);
      expect(outcome.records[1].value).toEqual({ email: 'b@example.com', name: '日本' });
      // The line's own text is passed on without the CR, for writers to reuse.
      expect(outcome.texts[0]).toBe('{"email":"zoë@example.com"}');
    }
  });

  it('makes a bad line a record-level finding naming the line, and reads on', async () => {
    const outcome = await readBytes(utf8('{"email":"a@b.co"}\n{"email": "x",}\n{"email":"c@d.co"}\n'), 7);
    expect(outcome.problem).toBeNull();
    expect(outcome.unreadable).toMatchObject([{ index: 1, line: 2, issue: { code: 'ndjson.parse' } }]);
    expect(outcome.unreadable[0].issue.message).toMatch(/^Line 2 is not valid JSON: /);
    expect(outcome.records.map((r) => r.index)).toEqual([0, 2]);
  });

  it('explains a single pretty-printed object instead of reporting every line', async () => {
    const outcome = await readBytes(utf8('{\n  "email": "a@b.co"\n}\n'), 7);
    expect(outcome.problem).toMatchObject({ code: 'ndjson.multiline-object', line: 1 });
    expect(outcome.problem?.hint).toContain('JSON array');
  });

  it('reads gzip and a 10 MB line', async () => {
    for (const size of chunkSizes) {
      const zipped = await readBytes(gzip(utf8('{"email":"a@b.co"}\n{"email":"c@d.co"}\n')), size);
      expect(zipped.compressed).toBe(true);
      expect(zipped.records).toHaveLength(2);
    }
    const big = 'é'.repeat(5 * 1024 * 1024);
    const outcome = await readBytes(utf8(`{"email":"a@b.co","name":"${big}"}\n{"email":"c@d.co"}`), 65_536);
    expect(outcome.records.map((r) => r.line)).toEqual([1, 2]);
    expect((outcome.records[0].value as { name: string }).name).toBe(big);
  });

  it('keeps __proto__ as an own key', async () => {
    const outcome = await readBytes(utf8('{"__proto__":{"admin":true},"email":"a@b.co"}'), 7);
    const value = outcome.records[0].value as Record<string, unknown>;
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect((value as { admin?: boolean }).admin).toBeUndefined();
  });
});
