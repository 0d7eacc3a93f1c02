import { describe, expect, it } from 'vitest';
import { jsonArrayPartBytes, jsonArrayPartRecords, jsonArrayPartText } from './json-array-part';

describe('import part layout', () => {
  it('reads back exactly the record texts a part was written from, whatever their strings hold', () => {
    const jsons = [
      JSON.stringify({ email: 'a@b.co', name: 'comma, bracket ] brace } and "quote"' }),
      JSON.stringify({ email: 'c@d.co', note: 'one " quote, then }], and more' }),
      JSON.stringify({ email: 'e@f.co', name: 'ends with a backslash \\', n: [1, [2, { x: ']' }]] }),
      '{"email":"g@h.co","note":"\\u00e9 1.0e2 stays as written","n":1.0e2}',
      JSON.stringify({ email: 'zoë@example.com', user_metadata: {} }),
      '{}',
    ];
    const text = jsonArrayPartText(jsons);
    expect(jsonArrayPartRecords(text)).toEqual(jsons);
    expect(new TextEncoder().encode(text).length).toBe(
      jsonArrayPartBytes(
        jsons.length,
        jsons.reduce((sum, json) => sum + new TextEncoder().encode(json).length, 0),
      ),
    );
  });

  it('reads an empty part and a part of one record', () => {
    expect(jsonArrayPartRecords(jsonArrayPartText([]))).toEqual([]);
    expect(jsonArrayPartRecords(jsonArrayPartText(['{"a":"[,]"}']))).toEqual(['{"a":"[,]"}']);
  });
});
