import { describe, expect, it } from 'vitest';
import { jsonArrayPartText } from '../formats/json-array-part';
import { planChunks, type PlanInput } from './plan-chunks';
import { userInputs } from './testing/fake-world';

const utf8 = (text: string) => new TextEncoder().encode(text).length;

describe('planChunks', () => {
  it('keeps every payload at or under the limit, counted as the UTF-8 bytes of the JSON array', async () => {
    // Multi-byte names make characters and bytes differ.
    const inputs = userInputs('a.json', 500, (n) => ({
      email: `u${n}@example.com`,
      name: 'Zoë Ñandú 日本 😀'.repeat(n % 7),
    }));
    const plan = await planChunks(inputs, 3_000);
    let next = 0;
    for (const chunk of plan.chunks) {
      const jsons = inputs.slice(next, next + chunk.recordCount).map((input) => input.json!);
      expect(chunk.firstRecord).toBe(next);
      expect(chunk.bytes).toBe(utf8(jsonArrayPartText(jsons)));
      expect(chunk.bytes).toBeLessThanOrEqual(3_000);
      next += chunk.recordCount;
    }
    expect(next).toBe(500);
    // Chunks are filled: adding the next record would have gone over.
    const first = plan.chunks[0];
    const withNext = inputs.slice(0, first.recordCount + 1).map((input) => input.json!);
    expect(utf8(jsonArrayPartText(withNext))).toBeGreaterThan(3_000);
  });

  it('never splits a record, never mixes files, and skips a record too large for any job', async () => {
    const huge: PlanInput = {
      file: 'a.json',
      index: 3,
      line: 5,
      json: JSON.stringify({ email: 'big@example.com', user_metadata: { x: 'y'.repeat(5_000) } }),
    };
    const inputs = [...userInputs('a.json', 3), huge, ...userInputs('b.json', 2)];
    const plan = await planChunks(inputs, 2_000, { 'a.json': 9_000 });
    expect(plan.chunks.map((c) => [c.file, c.firstRecord, c.lastRecord, c.recordCount])).toEqual([
      ['a.json', 0, 2, 3],
      ['b.json', 0, 1, 2],
    ]);
    expect(plan.skipped).toHaveLength(1);
    expect(plan.skipped[0]).toMatchObject({
      file: 'a.json',
      record: 3,
      line: 5,
      outcome: 'skipped',
      code: 'record.too-large',
    });
    expect(plan.files).toEqual([
      { name: 'a.json', records: 4, bytes: 9_000 },
      { name: 'b.json', records: 2, bytes: 0 },
    ]);
  });

  it('accounts for records the caller leaves out and reads an async stream', async () => {
    async function* stream(): AsyncIterable<PlanInput> {
      yield { file: 'a.csv', index: 0, line: 2, json: '{"email":"a@example.com"}' };
      yield {
        file: 'a.csv',
        index: 1,
        line: 3,
        skip: { code: 'email.format', reason: 'Not an email.' },
        email: 'nope',
      };
      yield { file: 'a.csv', index: 2, line: 4, json: '{"email":"c@example.com"}' };
    }
    const plan = await planChunks(stream(), 1_000);
    expect(plan.chunks).toHaveLength(1);
    expect(plan.chunks[0]).toMatchObject({ firstRecord: 0, lastRecord: 2, recordCount: 2, bytes: 53 });
    expect(plan.skipped[0]).toMatchObject({ record: 1, email: 'nope', reason: 'Not an email.' });
    expect(plan.files[0].records).toBe(3);
  });

  it('fits a record exactly at the limit', async () => {
    const json = JSON.stringify({ email: 'a@example.com' });
    const plan = await planChunks([{ file: 'f', index: 0, line: 1, json }], json.length + 2);
    expect(plan.chunks).toHaveLength(1);
    expect(plan.skipped).toHaveLength(0);
  });
});
