import { describe, expect, it } from 'vitest';
import { chunkSizes, readWithAllChunkSizes, utf8 } from '../../../tests/fixtures/formats/chunked';
import { JsonArrayReader } from '../formats/json-array-reader';
import type { RecordSink } from '../formats/record-reader';
import type { RecordBatch } from './batch-contract';
import { JsonArrayBatcher } from './json-array-batches';

/** Feeds `bytes` in chunks of `size` through a scratch buffer the batcher must copy from, then ends the file. */
function batchesOf(
  bytes: Uint8Array,
  size: number,
  batchBytes: number,
): { batches: RecordBatch[]; batcher: JsonArrayBatcher } {
  const batcher = new JsonArrayBatcher(batchBytes);
  const batches: RecordBatch[] = [];
  const scratch = new Uint8Array(size);
  for (let at = 0; at < bytes.length && !batcher.stopped; at += size) {
    const piece = bytes.subarray(at, at + size);
    scratch.set(piece);
    for (const batch of batcher.push({ bytes: scratch.subarray(0, piece.length), byteOffset: at })) {
      batches.push({ ...batch, bytes: batch.bytes.slice() });
    }
    scratch.fill(0);
  }
  const last = batcher.stopped ? batcher.wholeElements() : batcher.end();
  if (last) batches.push({ ...last, bytes: last.bytes.slice() });
  return { batches, batcher };
}

/** Each element of the batches: its value (parsed from its bytes), its line, and its text found by text offsets. */
function elementsOf(batches: RecordBatch[]): { value: unknown; line: number; text: string }[] {
  const decoder = new TextDecoder();
  return batches.flatMap((batch) => {
    const spans = batch.elements;
    if (!spans) throw new Error('not a JSON array batch');
    const text = decoder.decode(batch.bytes);
    return Array.from(spans.starts, (start, k) => {
      const own = decoder.decode(batch.bytes.subarray(start, spans.ends[k]));
      expect(text.slice(spans.textStarts[k], spans.textEnds[k])).toBe(own);
      return { value: JSON.parse(own) as unknown, line: spans.lines[k], text: own };
    });
  });
}

const sizes = [...chunkSizes, 2, 3, 5, 11];

describe('JSON array batches', () => {
  const text =
    '[\r\n  {"email": "zoë@example.com", "name": "A \\"quoted\\" \\\\ name"},\n\n' +
    '  {"email": "b@example.com",\n   "app_metadata": {"roles": ["x", "]", "\\\\"]}},\n' +
    '  {"email": "😀@example.com", "n": "\\\\\\\\", "s": "山田 \\u00e9 {"}, {"email":"c@d.co"}\n]\n';

  it('holds each element with its start line and text offsets, whatever the chunk and batch sizes', async () => {
    const expected = (await readWithAllChunkSizes(utf8(text)))[0].records;
    expect(expected.map((r) => r.line)).toEqual([2, 4, 6, 6]);
    for (const size of sizes) {
      for (const batchBytes of [1, 40, 1 << 20]) {
        const { batches, batcher } = batchesOf(utf8(text), size, batchBytes);
        expect(batcher.stopped).toBe(false);
        const elements = elementsOf(batches);
        expect(elements.map((e) => e.value)).toEqual(expected.map((r) => r.value));
        expect(elements.map((e) => e.line)).toEqual(expected.map((r) => r.line));
        expect(batches.map((b) => b.firstRecord)).toEqual(
          batches.map((_, n) => batches.slice(0, n).reduce((sum, b) => sum + b.records, 0)),
        );
      }
    }
  });

  it('stops where the reader must take over, which then words the fault as on the whole file', async () => {
    for (const [faulty, line] of [
      [text.replace('{"email":"c@d.co"}', '{"email":"c@d.co"} 7'), 6],
      // The element before the fault spans lines: the fault's column counts from the last of them.
      [text.replace('{"email":"c@d.co"}', '{"email":\n "c@d.co"} 7'), 7],
    ] as const)
      await expectReaderTakesOver(faulty, line);
  });
});

/**
 * Batches `faulty` in every chunk size until the batcher stops, then has a reader take over from `rest`: it must
 * raise the fault reading the whole file raises (code, line, column, byte offset, words), and every record must be
 * read once, by one or the other.
 */
async function expectReaderTakesOver(faulty: string, line: number): Promise<void> {
  const whole = (await readWithAllChunkSizes(utf8(faulty)))[0].problem;
  expect(whole).toMatchObject({ code: 'json.expected-comma', line });
  for (const size of sizes) {
    const { batches, batcher } = batchesOf(utf8(faulty), size, 30);
    expect(batcher.stopped).toBe(true);
    const rest = batcher.rest();
    const records: number[] = [];
    const sink: RecordSink = {
      record: (source) => records.push(source.index),
      unreadable: (index) => records.push(index),
    };
    const reader = new JsonArrayReader(sink, rest.resume);
    let problem: unknown = null;
    try {
      reader.push(new TextDecoder().decode(rest.bytes), rest.byteOffset);
      reader.end();
    } catch (error) {
      problem = (error as { fault?: unknown }).fault ?? error;
    }
    expect(problem).toEqual(whole);
    expect(elementsOf(batches).length + records.length).toBe(4);
  }
}
