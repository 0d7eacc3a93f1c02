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
 * The number of UTF-16 units that valid UTF-8 `bytes` decode to: one per character, two for a character of four
 * bytes (a surrogate pair). Counted without decoding.
 */
export function utf16Units(bytes: Uint8Array): number {
  let units = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    // Continuation bytes (10xxxxxx) add nothing; a lead byte of a 4-byte character adds two.
    if ((byte & 0xc0) !== 0x80) units += byte >= 0xf0 ? 2 : 1;
  }
  return units;
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

/**
 * The index of the first byte where `bytes` stops being UTF-8 as the WHATWG decoder reads it (a stray continuation
 * byte, an overlong form, a surrogate, a code point past U+10FFFF, or a sequence cut short by the end), or -1.
 * Only called after the platform decoder has refused the bytes, to say exactly where: a JavaScript loop is far
 * slower than the decoder, but it runs once per bad file.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    let needed: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) needed = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      needed = 2;
      if (lead === 0xe0) low = 0xa0;
      else if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      needed = 3;
      if (lead === 0xf0) low = 0x90;
      else if (lead === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k <= needed; k++) {
      const next = bytes[i + k];
      if (next === undefined || next < low || next > high) return i;
      low = 0x80;
      high = 0xbf;
    }
    i += needed + 1;
  }
  return -1;
}
