/** A user who converts a file into parts and then imports it expects the same parts: both cut by one byte rule. */
import { describe, expect, it } from 'vitest';
import { jsonArrayPartBytes } from '../formats/json-array-part';
import { utf8Length } from '../formats/utf8';
import { createConvertedOutput } from '../workbench/converted-output';
import { planWithPayloads } from './plan-payloads';
import { userInputs } from './testing/fake-world';

/** Records of mixed sizes and scripts (multi-byte UTF-8), some close to the limit on their own. */
const inputs = userInputs('users.json', 2_000, (n) => ({
  email: `user-${n}@example.com`,
  name: 'Zoë Ñandú 日本 😀'.repeat(n % 9),
  ...(n % 97 === 0 ? { user_metadata: { note: 'x'.repeat(1_900) } } : {}),
}));
const limit = 8_000;

async function convertParts(jsons: readonly string[], splitBytes: number): Promise<Blob[]> {
  const output = createConvertedOutput('import', splitBytes);
  for (const json of jsons) expect(output.add({}, json)).toBe(true);
  const downloads = await output.finish('users');
  // One part comes as the whole import file; more come as numbered parts (and a zip of them).
  const parts = downloads.filter((download) => download.kind === 'part');
  return (parts.length > 0 ? parts : downloads).map((download) => download.blob);
}

describe('Convert parts and the Import plan of the same records', () => {
  it('have identical boundaries, byte sizes and bytes, each part within the limit and sized as counted', async () => {
    const jsons = inputs.map((input) => input.json!);
    const parts = await convertParts(jsons, limit);
    const { plan, payloads } = await planWithPayloads(inputs, limit);

    expect(parts.length).toBeGreaterThan(20);
    expect(plan.skipped).toEqual([]);
    expect(plan.chunks).toHaveLength(parts.length);
    let next = 0;
    for (const [i, chunk] of plan.chunks.entries()) {
      const records = JSON.parse(await parts[i].text()) as unknown[];
      expect([chunk.firstRecord, chunk.recordCount]).toEqual([next, records.length]);
      const recordBytes = jsons
        .slice(next, next + chunk.recordCount)
        .reduce((sum, json) => sum + utf8Length(json), 0);
      const accounted = jsonArrayPartBytes(chunk.recordCount, recordBytes);
      expect([parts[i].size, payloads[i].payload.size, chunk.bytes]).toEqual([
        accounted,
        accounted,
        accounted,
      ]);
      expect(chunk.bytes).toBeLessThanOrEqual(limit);
      expect(await parts[i].text()).toBe(await payloads[i].payload.text());
      // Each part is full: the next record would have taken it over the limit.
      if (i < plan.chunks.length - 1) {
        const nextBytes = utf8Length(jsons[next + chunk.recordCount]);
        expect(jsonArrayPartBytes(chunk.recordCount + 1, recordBytes + nextBytes)).toBeGreaterThan(limit);
      }
      next += chunk.recordCount;
    }
    expect(next).toBe(inputs.length);
  });

  it('agree on the largest record a part can hold', async () => {
    const json = JSON.stringify({ email: 'big@example.com', name: 'y'.repeat(200) });
    const exact = jsonArrayPartBytes(1, utf8Length(json));
    const input = [{ file: 'f.json', index: 0, line: 2, json }];
    expect((await convertParts([json], exact)).map((part) => part.size)).toEqual([exact]);
    expect((await planWithPayloads(input, exact)).plan.chunks.map((chunk) => chunk.bytes)).toEqual([exact]);
    expect(createConvertedOutput('import', exact - 1).add({}, json)).toBe(false);
    expect((await planWithPayloads(input, exact - 1)).plan.skipped[0].code).toBe('record.too-large');
  });
});
