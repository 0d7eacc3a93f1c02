/**
 * The `custom_password_hash` part of plain-record.ts: whether a record's custom hash object, read from its bytes, is
 * one the import schema accepts (import-user-schema.ts, `customPasswordHash`). A user migrated from another system
 * usually carries one, so leaving these to the exact path would send most of such a file the slow way.
 *
 * As in plain-record.ts, "no" only means "let the exact path decide": every string in the object must be ASCII with
 * no escape, every number a plain positive integer, and each object's keys known and unescaped, each once. The
 * value patterns are the schema's own expressions (`patterns`), tested on the value's text.
 */
import { asciiText, ByteWords } from './ascii-bytes';
import { hmacDigests, passwordHashAlgorithms, patterns } from '../schema/import-user-schema';

const stringValue = 1;
const objectValue = 2;
const integerValue = 3;

/** Where each known key's value is in one object: its kind (0 when absent), span, and value for an integer. */
class Fields {
  readonly kinds: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly integers: Float64Array;

  constructor(
    readonly words: ByteWords,
    size: number,
  ) {
    this.kinds = new Uint8Array(size);
    this.starts = new Int32Array(size);
    this.ends = new Int32Array(size);
    this.integers = new Float64Array(size);
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d;
}

/** The end of an ASCII string with no escape whose opening quote is at `i`, or -1. */
function asciiStringEnd(b: Uint8Array, i: number, end: number): number {
  for (i++; i < end; i++) {
    const c = b[i];
    if (c === 0x22) return i + 1;
    if (c < 0x20 || c > 0x7e || c === 0x5c) return -1;
  }
  return -1;
}

/**
 * Reads the object at `i` into `fields` (strings, nested objects, positive integers), skipping nested objects for
 * the caller to read. Returns its end, or -1 for any key or value it does not take.
 */
function readObject(b: Uint8Array, i: number, end: number, fields: Fields): number {
  fields.kinds.fill(0);
  if (i >= end || b[i] !== 0x7b) return -1;
  i++;
  while (i < end && isSpace(b[i])) i++;
  if (i < end && b[i] === 0x7d) return i + 1;
  for (;;) {
    if (i >= end || b[i] !== 0x22) return -1;
    const keyEnd = asciiStringEnd(b, i, end);
    if (keyEnd < 0) return -1;
    const id = fields.words.indexOf(b, i + 1, keyEnd - 1);
    if (id < 0 || fields.kinds[id] !== 0) return -1;
    i = keyEnd;
    while (i < end && isSpace(b[i])) i++;
    if (i >= end || b[i] !== 0x3a) return -1;
    i++;
    while (i < end && isSpace(b[i])) i++;
    const start = i;
    const c = b[i];
    if (c === 0x22) {
      i = asciiStringEnd(b, i, end);
      fields.kinds[id] = stringValue;
      fields.starts[id] = start + 1;
      fields.ends[id] = i - 1;
    } else if (c === 0x7b) {
      i = skipObject(b, i, end);
      fields.kinds[id] = objectValue;
      fields.starts[id] = start;
      fields.ends[id] = i;
    } else {
      // A positive integer as JSON writes one: no sign, no leading zero, no fraction or exponent.
      let value = 0;
      while (i < end && b[i] >= 0x30 && b[i] <= 0x39 && i - start < 15) value = value * 10 + b[i++] - 0x30;
      if (i === start || c === 0x30) return -1;
      fields.kinds[id] = integerValue;
      fields.integers[id] = value;
    }
    if (i < 0) return -1;
    while (i < end && isSpace(b[i])) i++;
    if (i >= end) return -1;
    if (b[i] === 0x7d) return i + 1;
    if (b[i] !== 0x2c) return -1;
    i++;
    while (i < end && isSpace(b[i])) i++;
  }
}

/** The end of a nested object of ASCII strings and objects (read again by `readObject`), or -1. */
function skipObject(b: Uint8Array, i: number, end: number): number {
  let depth = 0;
  while (i < end) {
    const c = b[i];
    if (c === 0x22) {
      i = asciiStringEnd(b, i, end);
      if (i < 0) return -1;
      continue;
    }
    if (c === 0x7b) depth++;
    else if (c === 0x7d && --depth === 0) return i + 1;
    i++;
  }
  return -1;
}

const algorithms = new ByteWords(passwordHashAlgorithms);
const algorithm = Object.fromEntries(passwordHashAlgorithms.map((name, id) => [name, id])) as Record<
  (typeof passwordHashAlgorithms)[number],
  number
>;
const textEncodings = new ByteWords(['base64', 'hex', 'utf8']);
const [base64, hex, utf8] = [0, 1, 2];
const digests = new ByteWords(hmacDigests);
const saltPositions = new ByteWords(['prefix', 'suffix']);
const passwordEncodings = new ByteWords(['ascii', 'utf8', 'utf16le', 'ucs2', 'latin1', 'binary']);

const top = new Fields(
  new ByteWords(['algorithm', 'hash', 'salt', 'password', 'keylen', 'cost', 'blockSize', 'parallelization']),
  8,
);
const [algorithmKey, hashKey, saltKey, passwordKey, keylenKey, costKey] = [0, 1, 2, 3, 4, 5];
const integerKeys = [4, 5, 6, 7];
const hash = new Fields(new ByteWords(['value', 'encoding', 'digest', 'key']), 4);
const [valueKey, encodingKey, digestKey, keyKey] = [0, 1, 2, 3];
const hashKeyFields = new Fields(new ByteWords(['value', 'encoding']), 2);
const salt = new Fields(new ByteWords(['value', 'encoding', 'position']), 3);
const saltPositionKey = 2;
const password = new Fields(new ByteWords(['encoding']), 1);

const valuePatterns = new Map<number, RegExp>([
  [algorithm.argon2, new RegExp(patterns.argon2)],
  [algorithm.bcrypt, new RegExp(patterns.bcryptCustom)],
  [algorithm.ldap, new RegExp(patterns.ldap)],
  [algorithm.pbkdf2, new RegExp(patterns.pbkdf2)],
]);
const hexPattern = new RegExp(patterns.hex);
const base64Pattern = new RegExp(patterns.base64);
// scrypt's cost must be a power of two up to 2^30 (the schema's enum).
const largestCost = 2 ** 30;

function textOf(b: Uint8Array, fields: Fields, key: number): string {
  return asciiText(b, fields.starts[key], fields.ends[key]);
}

/** The index of the enum word the string at `key` spells, -2 when the key is absent, -1 when it is no such word. */
function wordAt(b: Uint8Array, fields: Fields, key: number, words: ByteWords): number {
  const kind = fields.kinds[key];
  if (kind === 0) return -2;
  return kind === stringValue ? words.indexOf(b, fields.starts[key], fields.ends[key]) : -1;
}

/**
 * Reads a `{value, encoding, ...}` object (hash, its key, or salt): a non-empty string value that matches the
 * encoding it names. Returns the encoding (-2 when absent), or -1 when the object is not plain.
 */
function encodedValue(b: Uint8Array, fields: Fields, start: number, end: number): number {
  if (readObject(b, start, end, fields) !== end) return -1;
  if (fields.kinds[valueKey] !== stringValue || fields.ends[valueKey] === fields.starts[valueKey]) return -1;
  const encoding = wordAt(b, fields, encodingKey, textEncodings);
  if (encoding === -1) return -1;
  if (encoding === hex && !hexPattern.test(textOf(b, fields, valueKey))) return -1;
  if (encoding === base64 && !base64Pattern.test(textOf(b, fields, valueKey))) return -1;
  return encoding;
}

/** The end of the `custom_password_hash` value at `i` when the schema accepts it, or -1. */
export function customPasswordHashEnd(b: Uint8Array, i: number, end: number): number {
  const after = readObject(b, i, end, top);
  if (after < 0 || top.kinds[hashKey] !== objectValue) return -1;
  const which = wordAt(b, top, algorithmKey, algorithms);
  if (which < 0) return -1;
  for (const key of integerKeys) if (top.kinds[key] !== 0 && top.kinds[key] !== integerValue) return -1;
  const hashEncoding = encodedValue(b, hash, top.starts[hashKey], top.ends[hashKey]);
  if (hashEncoding === -1 || wordAt(b, hash, digestKey, digests) === -1) return -1;
  const hasDigest = hash.kinds[digestKey] !== 0;
  const hasKey = hash.kinds[keyKey] !== 0;
  if (hasKey) {
    if (hash.kinds[keyKey] !== objectValue) return -1;
    if (encodedValue(b, hashKeyFields, hash.starts[keyKey], hash.ends[keyKey]) === -1) return -1;
  }
  const valuePattern = valuePatterns.get(which);
  const hashValue = valuePattern ? textOf(b, hash, valueKey) : '';
  const hasSalt = top.kinds[saltKey] !== 0;
  if (hasSalt) {
    if (top.kinds[saltKey] !== objectValue) return -1;
    if (encodedValue(b, salt, top.starts[saltKey], top.ends[saltKey]) === -1) return -1;
    if (wordAt(b, salt, saltPositionKey, saltPositions) === -1) return -1;
  }
  if (top.kinds[passwordKey] !== 0) {
    if (top.kinds[passwordKey] !== objectValue) return -1;
    if (readObject(b, top.starts[passwordKey], top.ends[passwordKey], password) !== top.ends[passwordKey])
      return -1;
    if (wordAt(b, password, 0, passwordEncodings) === -1) return -1;
  }
  if (valuePattern) {
    // argon2, bcrypt, ldap, pbkdf2: the text of the hash itself, in utf8; argon2, ldap and pbkdf2 take no salt.
    if (hashEncoding !== -2 && hashEncoding !== utf8) return -1;
    if (!valuePattern.test(hashValue)) return -1;
    if (hasSalt && which !== algorithm.bcrypt) return -1;
    return after;
  }
  // The digests (md4 ... sha512), hmac and scrypt: hex or base64.
  if (hashEncoding === utf8) return -1;
  if (which === algorithm.hmac && !(hasDigest && hasKey)) return -1;
  if (which === algorithm.scrypt) {
    if (top.kinds[keylenKey] === 0) return -1;
    const cost = top.kinds[costKey] === 0 ? 2 : top.integers[costKey];
    if (cost > largestCost || (cost & (cost - 1)) !== 0 || cost < 2) return -1;
  }
  return after;
}
