import { describe, expect, it } from 'vitest';
import {
  chunkSizes,
  gzip,
  readBytes,
  readWithAllChunkSizes,
  utf8,
} from '../../../tests/fixtures/formats/chunked';
import { maxRecordDepth } from './json-array-reader';

describe('JSON array reader', () => {
  it('reads records with their start lines, whatever the chunk boundaries', async () => {
    const text =
      '[\n  {"email": "zoë@example.com", "name": "A \\"quoted\\" \\\\ name"},\n\n  {"email": "b@example.com",\n   "app_metadata": {"roles": ["x", "]"]}},\n  {"email": "😀@example.com"}\n]\n';
    for (const outcome of await readWithAllChunkSizes(utf8(text))) {
      expect(outcome.problem).toBeNull();
      expect(outcome.format).toBe('json-array');
      expect(outcome.records.map((r) => r.line)).toEqual([2, 4, 6]);
      expect(outcome.records[0].value).toEqual({ email: 'zoë@example.com', name: 'A "quoted" \\ name' });
      expect(outcome.records[1].value).toEqual({
        email: 'b@example.com',
        app_metadata: { roles: ['x', ']'] },
      });
      expect(outcome.records[2].value).toEqual({ email: '😀@example.com' });
    }
  });

  it('keeps escape state when a run of backslashes is split across chunks', async () => {
    // The value ends in two backslashes: the quote after them closes the string.
    const text = '[{"a":"x\\\\\\\\"},{"b":"\\\\\\""}]';
    for (const outcome of await readWithAllChunkSizes(utf8(text))) {
      expect(outcome.problem).toBeNull();
      expect(outcome.records.map((r) => r.value)).toEqual([{ a: 'x\\\\' }, { b: '\\"' }]);
    }
  });

  it('reads a UTF-8 BOM, an empty array and gzip', async () => {
    expect((await readBytes(utf8('\uFEFF[{"email":"a@b.co"}]'), 1)).records).toHaveLength(1);
    const empty = await readBytes(utf8(' [ ] '), 7);
    expect(empty.problem).toBeNull();
    expect(empty.records).toHaveLength(0);
    for (const size of chunkSizes) {
      const zipped = await readBytes(gzip(utf8('[\n{"email":"a@b.co"},\n{"email":"c@d.co"}\n]')), size);
      expect(zipped.compressed).toBe(true);
      expect(zipped.records.map((r) => r.line)).toEqual([2, 3]);
    }
  });

  it('stops at a missing comma and says where and what was expected', async () => {
    const outcome = await readBytes(
      utf8('[\n{"email":"a@b.co"},\n{"email":"c@d.co"}\n{"email":"e@f.co"}\n]'),
      7,
    );
    expect(outcome.records).toHaveLength(2);
    expect(outcome.problem).toMatchObject({ code: 'json.expected-comma', line: 4, column: 1, offset: 41 });
    expect(outcome.problem?.message).toContain('Expected "," or "]" after record 2');
  });

  it('reports a trailing comma as a file problem with its position', async () => {
    const outcome = await readBytes(utf8('[\n{"email":"a@b.co"},\n]'), 1);
    expect(outcome.records).toHaveLength(1);
    expect(outcome.problem).toMatchObject({ code: 'json.trailing-comma', line: 3, column: 1 });
    expect(outcome.problem?.hint).toMatch(/Delete the last comma/);
  });

  it('reports truncated files: inside a string, inside a record, before the closing bracket', async () => {
    const inString = await readBytes(utf8('[{"email":"a@b.co"},\n{"email":"c@d'), 7);
    expect(inString.problem).toMatchObject({ code: 'json.truncated', line: 2 });
    expect(inString.problem?.message).toContain('inside a string');
    expect(inString.records).toHaveLength(1);
    const inRecord = await readBytes(utf8('[{"email":"a@b.co", "x": {'), 7);
    expect(inRecord.problem?.message).toContain('inside the record that starts on line 1');
    const noBracket = await readBytes(utf8('[{"email":"a@b.co"}'), 7);
    expect(noBracket.problem?.message).toContain('before the closing "]"');
  });

  it('makes an unparseable element a record-level finding and reads on', async () => {
    const outcome = await readBytes(utf8('[{"email": tru},\n{"email":"c@d.co"}]'), 7);
    expect(outcome.problem).toBeNull();
    expect(outcome.unreadable).toMatchObject([{ index: 0, line: 1, issue: { code: 'json.parse' } }]);
    expect(outcome.records).toMatchObject([{ index: 1, line: 2 }]);
  });

  it('reports mismatched brackets and text after the array', async () => {
    expect((await readBytes(utf8('[{"a":[1}]'), 7)).problem?.code).toBe('json.mismatched-bracket');
    expect((await readBytes(utf8('[{"a":1}] [{"b":2}]'), 7)).problem?.code).toBe('json.trailing-text');
  });

  it('reports records nested too deeply without parsing them, then reads on', async () => {
    const deep = '['.repeat(maxRecordDepth + 5) + ']'.repeat(maxRecordDepth + 5);
    const outcome = await readBytes(utf8(`[{"x":${deep}},{"email":"a@b.co"}]`), 65_536);
    expect(outcome.unreadable[0].issue.code).toBe('json.too-deep');
    expect(outcome.records).toHaveLength(1);
  });

  it('keeps __proto__ keys as plain own data', async () => {
    const outcome = await readBytes(utf8('[{"__proto__": {"polluted": true}, "email": "a@b.co"}]'), 7);
    const value = outcome.records[0].value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads a 10 MB record on a single line', async () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    const outcome = await readBytes(
      utf8(`[{"email":"a@b.co","user_metadata":{"blob":"${big}"}},{"email":"c@d.co"}]`),
      65_536,
    );
    expect(outcome.problem).toBeNull();
    expect(outcome.records).toHaveLength(2);
    expect((outcome.records[0].value as { user_metadata: { blob: string } }).user_metadata.blob).toHaveLength(
      big.length,
    );
  });
});
