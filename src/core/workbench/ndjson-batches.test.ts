import { describe, expect, it } from 'vitest';
import { utf8 } from '../../../tests/fixtures/formats/chunked';
import { NdjsonBatcher } from './ndjson-batches';
import type { RecordBatch } from './batch-contract';

/** Feeds `bytes` in chunks of `size` (from byte offset `start`, as after a BOM) and ends the file. */
function batchesOf(bytes: Uint8Array, size: number, batchBytes: number, start = 0): RecordBatch[] {
  const batcher = new NdjsonBatcher(batchBytes);
  const batches: RecordBatch[] = [];
  // The source reuses its buffer: hand over views of one scratch array, overwritten after each push.
  const scratch = new Uint8Array(size);
  for (let at = 0; at < bytes.length; at += size) {
    const piece = bytes.subarray(at, at + size);
    scratch.set(piece);
    for (const batch of batcher.push({ bytes: scratch.subarray(0, piece.length), byteOffset: start + at })) {
      batches.push({ ...batch, bytes: batch.bytes.slice() });
    }
    scratch.fill(0);
  }
  const last = batcher.end();
  if (last) batches.push({ ...last, bytes: last.bytes.slice() });
  return batches;
}

const text = (batch: RecordBatch): string => new TextDecoder().decode(batch.bytes);

describe('NDJSON batches', () => {
  const lines = [
    '{"email":"a@b.co"}',
    '',
    '  \t',
    '{"name":"Zoë 😀"}\r',
    '\u00a0',
    '{"x":1}',
    '{"tail":true}',
  ];
  const file = utf8(lines.join('\n'));

  it('cut at line ends only, keep every byte once, and number lines and records as the reader does', () => {
    for (const [size, batchBytes] of [
      [1, 1],
      [3, 8],
      [7, 20],
      [4096, 4096],
    ]) {
      const batches = batchesOf(file, size, batchBytes, 3);
      expect(batches.map(text).join('')).toBe(lines.join('\n'));
      for (const batch of batches.slice(0, -1)) expect(batch.bytes[batch.bytes.length - 1]).toBe(0x0a);
      // Blank and whitespace-only lines are lines but not records; a line of NBSP is a record (not JSON), as the
      // reader has it: only a line that starts with a space, tab or CR can be blank.
      const isRecord = (l: string): boolean => {
        const t = l.replace(/\r$/, '');
        return !(t === '' || (/^[ \t\r]/.test(t) && t.trim() === ''));
      };
      let line = 1;
      let record = 0;
      let offset = 3;
      for (const batch of batches) {
        expect([batch.firstLine, batch.firstRecord, batch.byteOffset]).toEqual([line, record, offset]);
        const batchLines = text(batch).split('\n');
        if (batchLines[batchLines.length - 1] === '') batchLines.pop();
        line += batchLines.length;
        record += batch.records;
        offset += batch.bytes.length;
        expect(batch.records).toBe(batchLines.filter(isRecord).length);
      }
      expect(record).toBe(5);
    }
  });

  it('gives a line longer than a batch a batch of its own, and holds an unfinished line back', () => {
    const long = `{"notes":"${'x'.repeat(500)}"}`;
    const batches = batchesOf(utf8(`{"a":1}\n${long}\n{"b":2}\n`), 64, 32);
    expect(batches.map(text)).toEqual([`{"a":1}\n${long}\n`, '{"b":2}\n']);
    const batcher = new NdjsonBatcher(64);
    expect(batcher.push({ bytes: utf8('{"a":1}\n{"b":'), byteOffset: 0 })).toEqual([]);
    const whole = batcher.wholeLines();
    expect(whole && text(whole)).toBe('{"a":1}\n');
    expect(batcher.wholeLines()).toBeNull();
    const rest = batcher.end();
    expect(rest && [text(rest), rest.firstLine, rest.byteOffset]).toEqual(['{"b":', 2, 8]);
  });

  it('can leave numbering to the checker', () => {
    const batcher = new NdjsonBatcher(4, false);
    const [batch] = batcher.push({ bytes: utf8('{"a":1}\n{"b":2}\n'), byteOffset: 0 });
    expect([batch.firstLine, batch.firstRecord, batch.records]).toEqual([-1, -1, -1]);
  });
});
