/**
 * Remembers the emails, user ids and usernames of the records accepted so far in a run, across all its files, so a
 * later record with the same value can name the first one.
 *
 * Memory: one `Map<string, number>` entry per distinct key (the key string itself, ~20-60 bytes for typical values,
 * plus ~30-40 bytes of hash-table slot) and 12 bytes per remembered record in typed arrays for its position.
 * That is ~100 bytes per key: a 1M-user run with email and user_id costs ~200 MB at most, usually less.
 */

/** The keys Auth0 requires to be unique within an import. */
export type DuplicateKind = 'email' | 'user_id' | 'username';

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

export class DuplicateIndex {
  readonly #keys: Record<DuplicateKind, Map<string, number>> = {
    email: new Map(),
    user_id: new Map(),
    username: new Map(),
  };
  readonly #files: string[] = [];
  readonly #fileIds = new Map<string, number>();
  // Positions of remembered records, by location id. Line -1 stands for "unknown".
  #fileOf = new Uint32Array(1024);
  #recordOf = new Uint32Array(1024);
  #lineOf = new Int32Array(1024);
  #size = 0;

  /** Where a record with this key was first accepted, or null. `key` must come from `duplicateKey`. */
  firstSeen(kind: DuplicateKind, key: string): RecordLocation | null {
    const id = this.#keys[kind].get(key);
    if (id === undefined) return null;
    const line = this.#lineOf[id];
    return { file: this.#files[this.#fileOf[id]], record: this.#recordOf[id], line: line < 0 ? null : line };
  }

  /**
   * Remembers an accepted record's keys. Call only with keys `firstSeen` just reported as new (no second lookup here:
   * this runs for every record of a run).
   */
  remember(entries: ReadonlyArray<readonly [DuplicateKind, string]>, location: RecordLocation): void {
    if (entries.length === 0) return;
    const id = this.#addLocation(location);
    for (const [kind, key] of entries) this.#keys[kind].set(key, id);
  }

  #addLocation(location: RecordLocation): number {
    if (this.#size === this.#fileOf.length) this.#grow();
    let fileId = this.#fileIds.get(location.file);
    if (fileId === undefined) {
      fileId = this.#files.push(location.file) - 1;
      this.#fileIds.set(location.file, fileId);
    }
    const id = this.#size++;
    this.#fileOf[id] = fileId;
    this.#recordOf[id] = location.record;
    this.#lineOf[id] = location.line ?? -1;
    return id;
  }

  #grow(): void {
    const grow = <T extends Uint32Array | Int32Array>(from: T, to: T): T => {
      to.set(from);
      return to;
    };
    const size = this.#fileOf.length * 2;
    this.#fileOf = grow(this.#fileOf, new Uint32Array(size));
    this.#recordOf = grow(this.#recordOf, new Uint32Array(size));
    this.#lineOf = grow(this.#lineOf, new Int32Array(size));
  }
}
