/**
 * Proves, from a record's UTF-8 bytes alone, that the exact checker would accept it as it stands: valid against the
 * import schema, no finding at all (not even a warning), nothing to fix. Most records of a real file are such plain
 * users, and for them the batch checker then skips the decoding, `JSON.parse`, the schema validator and the checks
 * beyond it, which were ~60% of a 1M-user pass in Chromium.
 *
 * Hand-written, because no library answers this question from bytes: a JSON parser builds the very objects whose
 * cost this avoids, and Ajv validates only built objects. It is a second reading of the schema, so it is kept to
 * what it can decide simply and conservatively. It never words a finding: whatever it is not sure of (an escape in a
 * key, capitals in an email, an `mfa_factors` list, a `|` in a user id, a long record, a field it does not know)
 * makes it say "not plain", and the record then takes the exact path (record-checker.ts), as every record did
 * before. So it may only err by sending a valid record the slow way; plain-record.test.ts holds every record it
 * accepts to the exact checker's verdict, over generated and damaged records.
 *
 * What "plain" means, field by field (import-user-schema.ts, rules/extra-checks.ts):
 * - the bytes are one JSON object (JSON's own grammar: strings, escapes, numbers, literals; UTF-8 as strict as the
 *   page's fatal TextDecoder), with no line break (a pretty-printed array element is written again on one line);
 * - top-level keys are among the fields below, unescaped and each once; `email` is present;
 * - `email`: ASCII, no escape, no capital, at most 254 characters, a local part of at most 64, and the shape of
 *   ajv-formats' email format; `username`: ASCII, 1-128 characters, no `@` (so it cannot be an email);
 * - `user_id`: ASCII, 1-255 characters, no escape, no space, no `|` (so no `auth0|` to strip or warn about);
 * - names: 1 to 150 UTF-16 units (nickname 350); `picture`: ASCII, matched by ajv-formats' own url expression;
 * - `phone_number`: `+` and 1-15 digits; `password_hash`: bcrypt at cost 10; booleans are `true` or `false`;
 * - `custom_password_hash`: as the schema's algorithm rules ask, all ASCII (plain-password-hash.ts);
 * - `app_metadata` and `user_metadata`: objects whose keys, at any depth, are unescaped and hold no `.` or `$`, and no
 *   reserved key at the top of `app_metadata`; nesting at most `maxDepth`;
 * - the record is short enough that neither the metadata size warning nor the record size limit can apply.
 */
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { importUserSchema, reservedAppMetadataKeys } from '../schema/import-user-schema';
import { asciiText, ByteWords } from './ascii-bytes';
import { duplicateKinds } from './duplicate-index';
import { longestUnmeasuredSource } from './extra-checks';
import { customPasswordHashEnd } from './plain-password-hash';

/** Metadata nested deeper than this is left to the exact path. */
const maxDepth = 64;

// What a byte is inside a JSON string. Local constants, not imports: see json-array-batches.ts on their speed.
const plainChar = 0;
const quoteChar = 1;
const escapeChar = 2;
const badChar = 3;
const lead2 = 4;
const lead3 = 5;
const lead4 = 6;
function stringByteKind(c: number): number {
  if (c < 0x20) return badChar;
  if (c === 0x22) return quoteChar;
  if (c === 0x5c) return escapeChar;
  if (c < 0x80) return plainChar;
  if (c >= 0xc2 && c <= 0xdf) return lead2;
  if (c >= 0xe0 && c <= 0xef) return lead3;
  if (c >= 0xf0 && c <= 0xf4) return lead4;
  // Continuation bytes out of place, and leads that would only make overlong or too large characters.
  return badChar;
}
const stringByteKinds = Uint8Array.from({ length: 256 }, (_unused, c) => stringByteKind(c));

/** The characters ajv-formats' email expression allows in a local part's atoms (lower case only here). */
const emailAtomChars = new Uint8Array(128);
for (const c of "abcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+/=?^_`{|}~-")
  emailAtomChars[c.charCodeAt(0)] = 1;

const fieldNames = [
  'email',
  'email_verified',
  'phone_number',
  'phone_verified',
  'user_id',
  'username',
  'given_name',
  'family_name',
  'name',
  'nickname',
  'picture',
  'blocked',
  'password_hash',
  'custom_password_hash',
  'app_metadata',
  'user_metadata',
] as const;
const field = Object.fromEntries(fieldNames.map((name, id) => [name, id])) as Record<
  (typeof fieldNames)[number],
  number
>;
const { properties } = importUserSchema;
const nameMaxUnits = [
  properties.given_name.maxLength,
  properties.family_name.maxLength,
  properties.name.maxLength,
  properties.nickname.maxLength,
];
const usernameMaxUnits = properties.username.maxLength;
const emailMaxLength = properties.email.maxLength;

const fieldWords = new ByteWords(fieldNames);
/** Where `keyStarts` and `keyEnds` hold each duplicate key: in the order of `duplicateKinds`. */
const emailKey = duplicateKinds.indexOf('email');
const userIdKey = duplicateKinds.indexOf('user_id');
const usernameKey = duplicateKinds.indexOf('username');
const reservedWords = new ByteWords(reservedAppMetadataKeys);
const urlFormat = fullFormats.url as RegExp;

function isSpace(c: number): boolean {
  // JSON's whitespace but the line feed: a record holding one is not written as its own bytes.
  return c === 0x20 || c === 0x09 || c === 0x0d;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

function isLowerAlnum(c: number): boolean {
  return isDigit(c) || (c >= 0x61 && c <= 0x7a);
}

/**
 * The end of an email domain label (lower-case letters, digits, inner hyphens) starting at `i`, or -1.
 */
function labelEnd(b: Uint8Array, i: number, end: number): number {
  if (i >= end || !isLowerAlnum(b[i])) return -1;
  let last = b[i++];
  while (i < end && (isLowerAlnum(b[i]) || b[i] === 0x2d)) last = b[i++];
  return last === 0x2d ? -1 : i;
}

/**
 * ajv-formats' full email format (its atoms, dots, and domain labels), the schema's 254-character and 64-character
 * local part limits, and no capitals (which would get a warning), on ASCII bytes. Written out rather than testing
 * the library's expression, as the URL below is, because every record has an email: this makes no string of it.
 * plain-record.test.ts compares it with the real validator over 20,000 random emails.
 */
export function isPlainEmail(b: Uint8Array, start: number, end: number): boolean {
  if (end - start > emailMaxLength) return false;
  let i = start;
  for (;;) {
    const atom = i;
    while (i < end && b[i] < 0x80 && emailAtomChars[b[i]] === 1) i++;
    if (i === atom || i >= end) return false;
    if (b[i] === 0x40) break;
    if (b[i] !== 0x2e) return false;
    i++;
  }
  if (i - start > 64) return false;
  i++;
  let labels = 0;
  for (;;) {
    i = labelEnd(b, i, end);
    if (i < 0) return false;
    labels++;
    if (i === end) return labels >= 2;
    if (b[i] !== 0x2e) return false;
    i++;
  }
}

/** `^\+[0-9]{1,15}$` */
function isPhoneNumber(b: Uint8Array, start: number, end: number): boolean {
  if (end - start < 2 || end - start > 16 || b[start] !== 0x2b) return false;
  for (let i = start + 1; i < end; i++) if (!isDigit(b[i])) return false;
  return true;
}

/** `^\$2[ab]\$[0-9]{2}\$[./A-Za-z0-9]{53}$` at cost 10 (another cost gets a warning). */
function isBcryptAtCost10(b: Uint8Array, start: number, end: number): boolean {
  if (end - start !== 60) return false;
  if (b[start] !== 0x24 || b[start + 1] !== 0x32 || (b[start + 2] !== 0x61 && b[start + 2] !== 0x62))
    return false;
  if (b[start + 3] !== 0x24 || b[start + 4] !== 0x31 || b[start + 5] !== 0x30 || b[start + 6] !== 0x24)
    return false;
  for (let i = start + 7; i < end; i++) {
    const c = b[i];
    const ok = c === 0x2e || c === 0x2f || isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
    if (!ok) return false;
  }
  return true;
}

/** Checks a record's bytes; after `accept` says yes, where its duplicate keys are. One per thread, reused. */
export class PlainRecordScanner {
  /** Where the accepted record's email, user_id and username values are (inside the quotes), or -1 when absent. */
  readonly keyStarts = new Int32Array(duplicateKinds.length);
  readonly keyEnds = new Int32Array(duplicateKinds.length);
  private readonly maxBytes: number;
  // What the last string scanned held: UTF-16 units, and whether it had escapes or characters beyond ASCII.
  private units = 0;
  private escaped = false;
  private wide = false;

  /** `jobSizeBytes`: the run's job size limit (a record must fit one job). */
  constructor(jobSizeBytes: number) {
    // A record's bytes are at least as many as its UTF-16 units.
    this.maxBytes = longestUnmeasuredSource(jobSizeBytes);
  }

  /** True when bytes[start, end) is a plain record (see the header); its keys are then in `keyStarts`/`keyEnds`. */
  accept(b: Uint8Array, start: number, end: number): boolean {
    return end - start <= this.maxBytes && this.recordEnd(b, start, end) === end;
  }

  /**
   * When the NDJSON line that starts at `start` (and ends at the next line feed, or at `limit`) is a plain record,
   * where it ends (the line feed's index, or `limit`); else -1. The scan finds the line's end as it goes: no
   * search for the line feed first.
   */
  lineEnd(b: Uint8Array, start: number, limit: number): number {
    // A longer line is not plain: the scan need not go further than that.
    const stop = this.recordEnd(b, start, Math.min(limit, start + this.maxBytes + 1));
    return stop >= 0 && (stop === limit || b[stop] === 0x0a) ? stop : -1;
  }

  /**
   * The end of the plain record at `start` and the spaces after it (it may end before `end`, at a byte that is
   * not a space), or -1 when what is there is not a plain record.
   */
  private recordEnd(b: Uint8Array, start: number, end: number): number {
    this.keyStarts.fill(-1);
    let i = start;
    while (i < end && isSpace(b[i])) i++;
    if (i >= end || b[i] !== 0x7b) return -1;
    i++;
    while (i < end && isSpace(b[i])) i++;
    let seen = 0;
    if (i < end && b[i] === 0x7d) return -1;
    for (;;) {
      if (i >= end || b[i] !== 0x22) return -1;
      const keyStart = i + 1;
      i = this.stringEnd(b, keyStart, end);
      if (i < 0 || this.escaped) return -1;
      const id = fieldWords.indexOf(b, keyStart, i - 1);
      if (id < 0 || (seen & (1 << id)) !== 0) return -1;
      seen |= 1 << id;
      while (i < end && isSpace(b[i])) i++;
      if (i >= end || b[i] !== 0x3a) return -1;
      i++;
      while (i < end && isSpace(b[i])) i++;
      i = this.fieldEnd(id, b, i, end);
      if (i < 0) return -1;
      while (i < end && isSpace(b[i])) i++;
      if (i >= end) return -1;
      if (b[i] === 0x2c) {
        i++;
        while (i < end && isSpace(b[i])) i++;
        continue;
      }
      if (b[i] !== 0x7d) return -1;
      i++;
      break;
    }
    while (i < end && isSpace(b[i])) i++;
    // password_hash and custom_password_hash exclude each other.
    const bothHashes = (1 << field.password_hash) | (1 << field.custom_password_hash);
    if ((seen & 1) === 0 || (seen & bothHashes) === bothHashes || i - start > this.maxBytes) return -1;
    return i;
  }

  /** The end of field `id`'s value starting at `i`, or -1 when it is not plain. */
  private fieldEnd(id: number, b: Uint8Array, i: number, end: number): number {
    switch (id) {
      case field.email_verified:
      case field.phone_verified:
      case field.blocked:
        return booleanEnd(b, i, end);
      case field.custom_password_hash:
        return customPasswordHashEnd(b, i, end);
      case field.app_metadata:
      case field.user_metadata:
        if (i >= end || b[i] !== 0x7b) return -1;
        return this.valueEnd(b, i, end, 0, id === field.app_metadata);
    }
    if (i >= end || b[i] !== 0x22) return -1;
    const from = i + 1;
    const after = this.stringEnd(b, from, end);
    if (after < 0) return -1;
    const to = after - 1;
    const units = this.units;
    if (id >= field.given_name && id <= field.nickname) {
      return units >= 1 && units <= nameMaxUnits[id - field.given_name] ? after : -1;
    }
    // The others are read as ASCII bytes.
    if (this.escaped || this.wide) return -1;
    switch (id) {
      case field.email:
        if (!isPlainEmail(b, from, to)) return -1;
        break;
      case field.user_id:
        if (units < 1 || units > 255) return -1;
        for (let k = from; k < to; k++) if (b[k] === 0x7c || b[k] === 0x20) return -1;
        break;
      case field.username:
        if (units < 1 || units > usernameMaxUnits) return -1;
        for (let k = from; k < to; k++) if (b[k] === 0x40) return -1;
        break;
      case field.picture:
        if (!urlFormat.test(asciiText(b, from, to))) return -1;
        return after;
      case field.phone_number:
        return isPhoneNumber(b, from, to) ? after : -1;
      case field.password_hash:
        return isBcryptAtCost10(b, from, to) ? after : -1;
      default:
        return -1;
    }
    const key = id === field.email ? emailKey : id === field.user_id ? userIdKey : usernameKey;
    this.keyStarts[key] = from;
    this.keyEnds[key] = to;
    return after;
  }

  /**
   * The end of a JSON string whose opening quote is just before `i`, or -1 (a control character, a bad escape,
   * bytes that are not UTF-8, or no closing quote); `units`, `escaped` and `wide` then describe it.
   */
  private stringEnd(b: Uint8Array, i: number, end: number): number {
    let units = 0;
    let escaped = false;
    let wide = false;
    while (i < end) {
      const kind = stringByteKinds[b[i]];
      if (kind === plainChar) {
        i++;
        units++;
        continue;
      }
      if (kind === quoteChar) {
        this.units = units;
        this.escaped = escaped;
        this.wide = wide;
        return i + 1;
      }
      if (kind === escapeChar) {
        escaped = true;
        const c = b[i + 1];
        if (c === 0x75) {
          if (i + 6 > end || !isHex(b[i + 2]) || !isHex(b[i + 3]) || !isHex(b[i + 4]) || !isHex(b[i + 5]))
            return -1;
          i += 6;
        } else if (
          c === 0x22 ||
          c === 0x5c ||
          c === 0x2f ||
          c === 0x62 ||
          c === 0x66 ||
          c === 0x6e ||
          c === 0x72 ||
          c === 0x74
        ) {
          i += 2;
        } else return -1;
        units++;
        continue;
      }
      if (kind === badChar) return -1;
      wide = true;
      // UTF-8 as the WHATWG decoder takes it (as utf8.ts `firstInvalidUtf8` reads it, inline here in the string
      // loop): no overlong forms, no surrogates, nothing past U+10FFFF.
      const c1 = b[i + 1];
      if (kind === lead2) {
        if (i + 2 > end || (c1 & 0xc0) !== 0x80) return -1;
        i += 2;
        units++;
        continue;
      }
      const lead = b[i];
      const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
      const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
      if (c1 < low || c1 > high || (b[i + 2] & 0xc0) !== 0x80) return -1;
      if (kind === lead3) {
        if (i + 3 > end) return -1;
        i += 3;
        units++;
        continue;
      }
      if (i + 4 > end || (b[i + 3] & 0xc0) !== 0x80) return -1;
      i += 4;
      units += 2;
    }
    return -1;
  }

  /**
   * The end of any JSON value starting at `i` (metadata), or -1; object keys must be metadata keys, and
   * `appMetadataTop` also rules out the reserved ones.
   */
  private valueEnd(b: Uint8Array, i: number, end: number, depth: number, appMetadataTop = false): number {
    if (i >= end) return -1;
    const c = b[i];
    if (c === 0x22) return this.stringEnd(b, i + 1, end);
    if (c === 0x7b) {
      if (depth >= maxDepth) return -1;
      i++;
      while (i < end && isSpace(b[i])) i++;
      if (i < end && b[i] === 0x7d) return i + 1;
      for (;;) {
        if (i >= end || b[i] !== 0x22) return -1;
        const keyStart = i + 1;
        i = this.stringEnd(b, keyStart, end);
        if (i < 0 || this.escaped) return -1;
        for (let k = keyStart; k < i - 1; k++) if (b[k] === 0x2e || b[k] === 0x24) return -1;
        if (appMetadataTop && reservedWords.indexOf(b, keyStart, i - 1) >= 0) return -1;
        while (i < end && isSpace(b[i])) i++;
        if (i >= end || b[i] !== 0x3a) return -1;
        i++;
        while (i < end && isSpace(b[i])) i++;
        i = this.valueEnd(b, i, end, depth + 1);
        if (i < 0) return -1;
        while (i < end && isSpace(b[i])) i++;
        if (i >= end) return -1;
        if (b[i] === 0x7d) return i + 1;
        if (b[i] !== 0x2c) return -1;
        i++;
        while (i < end && isSpace(b[i])) i++;
      }
    }
    if (c === 0x5b) {
      if (depth >= maxDepth) return -1;
      i++;
      while (i < end && isSpace(b[i])) i++;
      if (i < end && b[i] === 0x5d) return i + 1;
      for (;;) {
        i = this.valueEnd(b, i, end, depth + 1);
        if (i < 0) return -1;
        while (i < end && isSpace(b[i])) i++;
        if (i >= end) return -1;
        if (b[i] === 0x5d) return i + 1;
        if (b[i] !== 0x2c) return -1;
        i++;
        while (i < end && isSpace(b[i])) i++;
      }
    }
    if (c === 0x74 || c === 0x66) return booleanEnd(b, i, end);
    if (c === 0x6e) return wordEnd(b, i, end, 'null');
    return numberEnd(b, i, end);
  }
}

function wordEnd(b: Uint8Array, i: number, end: number, word: string): number {
  if (i + word.length > end) return -1;
  for (let k = 0; k < word.length; k++) if (b[i + k] !== word.charCodeAt(k)) return -1;
  return i + word.length;
}

function booleanEnd(b: Uint8Array, i: number, end: number): number {
  if (i >= end) return -1;
  if (b[i] === 0x74) return wordEnd(b, i, end, 'true');
  if (b[i] === 0x66) return wordEnd(b, i, end, 'false');
  return -1;
}

/** JSON's number grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?` */
function numberEnd(b: Uint8Array, i: number, end: number): number {
  if (i < end && b[i] === 0x2d) i++;
  if (i >= end || !isDigit(b[i])) return -1;
  if (b[i] === 0x30) i++;
  else while (i < end && isDigit(b[i])) i++;
  if (i < end && b[i] === 0x2e) {
    i++;
    if (i >= end || !isDigit(b[i])) return -1;
    while (i < end && isDigit(b[i])) i++;
  }
  if (i < end && (b[i] === 0x65 || b[i] === 0x45)) {
    i++;
    if (i < end && (b[i] === 0x2b || b[i] === 0x2d)) i++;
    if (i >= end || !isDigit(b[i])) return -1;
    while (i < end && isDigit(b[i])) i++;
  }
  return i;
}
