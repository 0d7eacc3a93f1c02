import { describe, expect, it } from 'vitest';
import { firstInvalidUtf8 } from './utf8';

const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** What the platform decoder says: -1 when all of `bytes` is UTF-8, else how much of the start is. */
function decoderAnswer(bytes: Uint8Array): number {
  const decodes = (length: number): boolean => {
    try {
      fatal.decode(bytes.subarray(0, length));
      return true;
    } catch {
      return false;
    }
  };
  if (decodes(bytes.length)) return -1;
  let length = bytes.length - 1;
  while (!decodes(length)) length--;
  return length;
}

describe('firstInvalidUtf8', () => {
  it('agrees with the platform decoder on each kind of bad byte', () => {
    const cases = [
      [0x41, 0x80, 0x42], // a stray continuation byte
      [0x41, 0xc0, 0xaf], // an overlong form
      [0xe0, 0x80, 0xaf], // an overlong three-byte form
      [0xed, 0xa0, 0x80], // a surrogate
      [0xf4, 0x90, 0x80, 0x80], // past U+10FFFF
      [0xf5, 0x80, 0x80, 0x80], // a lead byte that never occurs
      [0x41, 0xe2, 0x82], // a character cut short by the end
      [0xe2, 0x82, 0x41], // ... or by the next character
      [0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80, 0xff], // good two- and four-byte characters, then 0xff
    ];
    for (const bytes of cases.map((list) => new Uint8Array(list))) {
      expect(firstInvalidUtf8(bytes), bytes.join(' ')).toBe(decoderAnswer(bytes));
    }
    expect(firstInvalidUtf8(new TextEncoder().encode('Zoë 山田 😀'))).toBe(-1);
  });

  it('agrees with the platform decoder on random bytes that are mostly good text', () => {
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const good = new TextEncoder().encode('aé山😀');
    for (let n = 0; n < 2000; n++) {
      const bytes: number[] = [];
      while (bytes.length < 12) {
        if (random() < 0.9) bytes.push(...good.subarray(Math.floor(random() * good.length)));
        else bytes.push(Math.floor(random() * 256));
      }
      const sample = new Uint8Array(bytes.slice(0, 12));
      expect(firstInvalidUtf8(sample), sample.join(' ')).toBe(decoderAnswer(sample));
    }
  });
});
