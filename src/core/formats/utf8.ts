/**
 * UTF-8 byte arithmetic on JavaScript strings, without encoding them: the import size limit and fault offsets are
 * counted in bytes, and encoding a string only to measure it would double the work on every record.
 */

/** The number of bytes `text` takes as UTF-8 (a lone surrogate counts as the 3-byte replacement character). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) {
      bytes += 1;
    } else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        // A surrogate pair: two UTF-16 units, four bytes.
        bytes += 2;
        i++;
        continue;
      }
      bytes += 2;
    } else {
      bytes += 2;
    }
  }
  return bytes;
}

/**
 * How many bytes at the end of a UTF-8 stream belong to a character that is not complete yet. `tail` holds the
 * last (up to 3) bytes of the stream; a streaming decoder holds exactly these back until the next chunk.
 */
export function incompleteUtf8Tail(tail: ArrayLike<number>): number {
  for (let back = 1; back <= Math.min(3, tail.length); back++) {
    const byte = tail[tail.length - back];
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: keep looking for the lead byte
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return back < needed ? back : 0;
  }
  return 0;
}
