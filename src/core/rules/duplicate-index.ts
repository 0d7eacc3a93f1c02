/**
 * Remembers the emails, user ids and usernames of the records accepted so far in a run, across all its files, so a
 * later record with the same value can name the first one.
 *
 * Memory: a Map keyed by the strings themselves costs ~89 bytes per key (the string plus the hash-table entry): 179 MB
 * for 1M users with email and user_id. Here each key is kept only as a 64-bit fingerprint of its normalized value in
 * a FingerprintTable (16-32 bytes per key), pointing at its first record in a PositionLog (file, record, line, kept
 * as runs of consecutive records: a few hundred KB for 1M users). 1M users: ~33 MB.
 *
 * The price is a chance of a fingerprint collision: two different keys with the same 64 bits. Over n keys it is
 * about n^2 / 2^65, ~1e-7 for 2M keys (1M users). A collision would show as a false `duplicate.*` finding whose
 * message names the other record and quotes this record's value, so the user can see that the two differ; the
 * record would be left out of the import until they remove the finding's cause. No true duplicate is ever missed.
 */
import { FingerprintTable, type FingerprintSlot } from './fingerprint-table';
import { hashAsciiKey, hashKey } from './key-hash';
import { PositionLog } from './position-log';

/** The keys Auth0 requires to be unique within an import, in the order the checker tests them. */
export const duplicateKinds = ['email', 'user_id', 'username'] as const;
export type DuplicateKind = (typeof duplicateKinds)[number];

export interface RecordLocation {
  file: string;
  /** 0-based index of the record in its file. */
  record: number;
  line: number | null;
}

/** Emails and usernames compare case-insensitively (Auth0 stores them lower-cased); user ids exactly. */
export function duplicateKey(kind: DuplicateKind, value: string): string {
  return kind === 'user_id' ? value : value.toLowerCase();
}

/** Seeds that keep the kinds apart: an email and a username with the same text are different keys. */
const kindSeeds: Readonly<Record<DuplicateKind, number>> = { email: 1, user_id: 2, username: 3 };
const maxStaged = 3;

/**
 * Writes the 64-bit fingerprint of a key (its normalized value, seeded by kind) to `out[0]` and `out[1]`. Any thread
 * can compute it: batch checkers send fingerprints, and the run's index only looks them up.
 */
export function keyFingerprint(kind: DuplicateKind, value: string, out: Uint32Array): void {
  const seed = kindSeeds[kind];
  if (!hashKey(value, seed, kind !== 'user_id', out)) hashKey(duplicateKey(kind, value), seed, false, out);
}

/** `keyFingerprint` of a key whose value is the ASCII text bytes[start, end). */
export function asciiKeyFingerprint(
  kind: DuplicateKind,
  bytes: Uint8Array,
  start: number,
  end: number,
  out: Uint32Array,
): void {
  hashAsciiKey(bytes, start, end, kindSeeds[kind], kind !== 'user_id', out);
}

export class DuplicateIndex {
  readonly #table = new FingerprintTable();
  readonly #files: string[] = [];
  readonly #fileIds = new Map<string, number>();
  /** Positions of remembered records, by location id (the value the table holds for each of their keys). */
  readonly #positions = new PositionLog();
  readonly #hash = new Uint32Array(2);
  // Fingerprints of the current record's new keys, and where each would go, until it is known whether the record is
  // accepted.
  readonly #staged = new Uint32Array(maxStaged * 2);
  readonly #stagedSlots: FingerprintSlot[] = Array.from({ length: maxStaged }, () => ({
    segment: 0,
    slot: 0,
    owner: null,
  }));
  #stagedCount = 0;
  /** What `touch` read, XORed: kept so the reads cannot be optimised away; means nothing else. */
  touchChecksum = 0;

  /** Readies the table for lookups of these fingerprints (pairs, see FingerprintTable.touch). */
  touch(hashes: Uint32Array): void {
    this.touchChecksum ^= this.#table.touch(hashes);
  }

  /**
   * Makes room for about `keys` more keys in all (an estimate: too low only means growing later). Without it, the
   * table's segments double as keys come, each rebuilt in turn, and end anywhere between 37.5% and 75% full.
   */
  reserve(keys: number): void {
    this.#table.reserve(this.#table.size + keys);
  }

  /**
   * `reserve` for about `records` more records, with as many keys per record as the records remembered so far had
   * (two, an email and a user id, before any).
   */
  expectRecords(records: number): void {
    const remembered = this.#positions.size;
    const keysPerRecord = remembered === 0 ? 2 : this.#table.size / remembered;
    this.reserve(Math.ceil(records * keysPerRecord));
  }

  /** Bytes held by the tables (not counting file names). */
  get bytes(): number {
    return this.#table.bytes + this.#positions.bytes;
  }

  /** Forgets every key and gives the tables' memory back at once (the run is over; see releaseBuffer). */
  release(): void {
    this.#table.release();
    this.#positions.release();
    this.#files.length = 0;
    this.#fileIds.clear();
    this.#stagedCount = 0;
  }

  /**
   * Where a record with this value was first accepted, or null. A value not seen yet is staged: `rememberStaged`
   * keeps it if the record is accepted. Call `clearStaged` before each record.
   */
  firstSeen(kind: DuplicateKind, value: string): RecordLocation | null {
    keyFingerprint(kind, value, this.#hash);
    return this.firstSeenFingerprint(this.#hash[0], this.#hash[1]);
  }

  /** `firstSeen` for a key whose fingerprint is known (see `keyFingerprint`). */
  firstSeenFingerprint(a: number, b: number): RecordLocation | null {
    const id = this.#table.find(a, b);
    if (id === -1) {
      if (this.#stagedCount < maxStaged) {
        this.#staged[this.#stagedCount * 2] = a;
        this.#staged[this.#stagedCount * 2 + 1] = b;
        const staged = this.#stagedSlots[this.#stagedCount];
        const { lastMiss } = this.#table;
        staged.segment = lastMiss.segment;
        staged.slot = lastMiss.slot;
        staged.owner = lastMiss.owner;
        this.#stagedCount++;
      }
      return null;
    }
    const { fileId, record, line } = this.#positions.at(id);
    return { file: this.#files[fileId], record, line: line < 0 ? null : line };
  }

  clearStaged(): void {
    this.#stagedCount = 0;
  }

  /** Remembers the staged keys as belonging to an accepted record. */
  rememberStaged(file: string, record: number, line: number | null): void {
    if (this.#stagedCount === 0) return;
    const id = this.#addLocation(file, record, line);
    for (let i = 0; i < this.#stagedCount; i++) {
      // Each goes where its lookup found room (or just after, should an earlier key of this record have taken it).
      this.#table.addAt(this.#stagedSlots[i], this.#staged[i * 2], this.#staged[i * 2 + 1], id);
    }
    this.#stagedCount = 0;
  }

  /** Forgets every key remembered from `file` (a file that failed partway contributes nothing). */
  forgetFile(file: string): void {
    const fileId = this.#fileIds.get(file);
    if (fileId === undefined) return;
    this.#table.retain((id) => this.#positions.fileOf(id) !== fileId);
    // Files are read one after another, so the forgotten file's positions are the last ones.
    this.#positions.dropTrailingFile(fileId);
  }

  #addLocation(file: string, record: number, line: number | null): number {
    let fileId = this.#fileIds.get(file);
    if (fileId === undefined) {
      fileId = this.#files.push(file) - 1;
      this.#fileIds.set(file, fileId);
    }
    return this.#positions.add(fileId, record, line ?? -1);
  }
}
