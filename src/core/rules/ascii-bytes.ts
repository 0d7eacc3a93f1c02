/** ASCII text read straight from bytes, for the plain-record scan (plain-record.ts, plain-password-hash.ts). */

/** The text of bytes[start, end), which the caller knows to be ASCII (one UTF-16 unit per byte). */
export function asciiText(b: Uint8Array, start: number, end: number): string {
  return String.fromCharCode.apply(null, b.subarray(start, end) as unknown as number[]);
}

/** A list of ASCII words looked up straight from bytes: by length, then byte by byte. */
export class ByteWords {
  private readonly byLength: { bytes: Uint8Array; index: number }[][] = [];

  constructor(words: readonly string[]) {
    words.forEach((word, index) => {
      const bytes = Uint8Array.from(word, (c) => c.charCodeAt(0));
      (this.byLength[bytes.length] ??= []).push({ bytes, index });
    });
  }

  /** The index in the list of the word bytes[start, end) spell, or -1. */
  indexOf(b: Uint8Array, start: number, end: number): number {
    const candidates = this.byLength[end - start];
    if (candidates === undefined) return -1;
    for (const { bytes, index } of candidates) {
      let i = 0;
      while (i < bytes.length && bytes[i] === b[start + i]) i++;
      if (i === bytes.length) return index;
    }
    return -1;
  }
}
