/**
 * A 64-bit fingerprint of a short text as two independent 32-bit hashes (FNV-1a and a MurmurHash3-style mix, both
 * finished with Murmur's avalanche step), computed in one pass without allocating. Hand-written: no installed library
 * hashes a JavaScript string without first encoding it to bytes, which would allocate for every key.
 */

const fnvOffset = 0x811c9dc5;
const fnvPrime = 0x01000193;

/** MurmurHash3's finalizer: every input bit affects every output bit. */
function avalanche(hash: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Writes the two hashes of `text` to `out[0]` and `out[1]`; `seed` separates kinds of keys (the same text as an
 * email and as a username gets different fingerprints). With `foldAscii`, A-Z hash as a-z; it returns false
 * (leaving `out` unspecified) at the first non-ASCII character, where the caller must lower-case the text with
 * `toLowerCase` (full Unicode rules) and hash that without folding. Most keys are ASCII, and this saves a string.
 */
export function hashKey(text: string, seed: number, foldAscii: boolean, out: Uint32Array): boolean {
  let a = (fnvOffset ^ seed) >>> 0;
  let b = Math.imul(seed, 0x9e3779b1) | 0;
  // Murmur takes 32-bit blocks: two UTF-16 units at a time (half the mixing work of one per unit).
  let block = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (foldAscii) {
      if (c >= 0x80) return false;
      if (c >= 0x41 && c <= 0x5a) c += 0x20;
    }
    a = Math.imul(a ^ c, fnvPrime);
    if ((i & 1) === 0) {
      block = c;
      continue;
    }
    b = murmurRound(b, block | (c << 16));
    b = (Math.imul((b << 13) | (b >>> 19), 5) + 0xe6546b64) | 0;
  }
  if ((text.length & 1) === 1) b = murmurRound(b, block);
  out[0] = avalanche(a ^ text.length);
  out[1] = avalanche(b ^ text.length);
  return true;
}

/**
 * `hashKey` of the ASCII text bytes[start, end) (the caller knows it is ASCII: one byte per UTF-16 unit), the same
 * fingerprint as that text's, read from bytes without making a string (plain-record.ts finds keys in bytes). The
 * loop is `hashKey`'s; one generic loop over both would read characters through a call, in the hottest loop of a
 * pass. key-hash.test.ts holds the two equal.
 */
export function hashAsciiKey(
  bytes: Uint8Array,
  start: number,
  end: number,
  seed: number,
  foldAscii: boolean,
  out: Uint32Array,
): void {
  let a = (fnvOffset ^ seed) >>> 0;
  let b = Math.imul(seed, 0x9e3779b1) | 0;
  let block = 0;
  const length = end - start;
  for (let i = 0; i < length; i++) {
    let c = bytes[start + i];
    if (foldAscii && c >= 0x41 && c <= 0x5a) c += 0x20;
    a = Math.imul(a ^ c, fnvPrime);
    if ((i & 1) === 0) {
      block = c;
      continue;
    }
    b = murmurRound(b, block | (c << 16));
    b = (Math.imul((b << 13) | (b >>> 19), 5) + 0xe6546b64) | 0;
  }
  if ((length & 1) === 1) b = murmurRound(b, block);
  out[0] = avalanche(a ^ length);
  out[1] = avalanche(b ^ length);
}

function murmurRound(hash: number, block: number): number {
  const k = Math.imul(block, 0xcc9e2d51);
  return hash ^ Math.imul((k << 15) | (k >>> 17), 0x1b873593);
}
