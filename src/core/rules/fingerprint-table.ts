/**
 * An open-addressing hash table from 64-bit fingerprints (two 32-bit halves) to a non-negative integer, for the run's
 * duplicate index: millions of keys, nearly all looked up once (a miss) and then added.
 *
 * - One probe per new key: `find` leaves where a missing key would go, and `addAt` puts it there (the old way probed
 *   twice, once to look up and once to add: the table is far larger than the CPU caches, so every probe is a miss).
 * - A slot's fingerprint and value side by side, so adding a key writes the one cache line its probe read (with the
 *   values in an array of their own, every add missed the cache a second time): ~177 -> ~164 ns per new key over
 *   2M random keys (Node, medians of 8 runs each way; ~1% of a whole NDJSON pass).
 * - 64 segments, picked by the top bits of hash A, each growing on its own, so growing never copies the whole table
 *   at once; `reserve` sizes them up front when the number of keys can be estimated (no growth at all, and the fill
 *   stays near `maxLoad` instead of anywhere between half of it and all of it). Capacities need not be powers of
 *   two: a slot is picked from hash B by multiply-shift.
 * 12 bytes per slot, at most 75% full.
 */

import { releaseBuffer } from '../release-buffer';

const maxLoad = 0.75;
/** 32-bit words per slot: hash A, hash B, value. */
const slotWords = 3;
const segmentBits = 6;
const segmentCount = 1 << segmentBits;
/** Largest slots per segment: multiply-shift needs hash (< 2^32) x capacity below 2^53. */
const maxSegmentSlots = 1 << 21;

class Segment {
  size = 0;
  capacity: number;
  /**
   * Per slot, side by side: hash A, hash B, value. (0, 0) marks an empty slot (a fingerprint of (0, 0) is stored as
   * (0, 1)).
   */
  slots: Uint32Array;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.slots = new Uint32Array(capacity * slotWords);
  }

  home(b: number): number {
    return Math.floor((b * this.capacity) / 4294967296);
  }

  /** The slot holding (a, b), or the empty slot where it would go, as ~slot (negative). */
  probe(a: number, b: number): number {
    const { slots, capacity } = this;
    for (let i = this.home(b); ;) {
      const storedA = slots[i * slotWords];
      const storedB = slots[i * slotWords + 1];
      if (storedA === a && storedB === b) return i;
      if (storedA === 0 && storedB === 0) return ~i;
      if (++i === capacity) i = 0;
    }
  }

  value(slot: number): number {
    return this.slots[slot * slotWords + 2];
  }

  /** Stores (a, b) at `slot` if that is still empty, else at the next empty slot after it. */
  store(slot: number, a: number, b: number, value: number): void {
    const { slots, capacity } = this;
    if (this.size >= capacity - 1)
      throw new RangeError('The duplicate index is full (over 96 million keys).');
    let i = slot;
    while (slots[i * slotWords] !== 0 || slots[i * slotWords + 1] !== 0) if (++i === capacity) i = 0;
    slots[i * slotWords] = a;
    slots[i * slotWords + 1] = b;
    slots[i * slotWords + 2] = value;
    this.size++;
  }

  /** Whether one more entry fits under `maxLoad`. */
  get roomy(): boolean {
    return this.size + 1 <= this.capacity * maxLoad || this.capacity >= maxSegmentSlots;
  }

  /** A copy with `capacity` slots holding the entries that pass `keep`; this segment's memory is given back. */
  rebuilt(capacity: number, keep: (value: number) => boolean = () => true): Segment {
    const next = new Segment(capacity);
    for (let i = 0; i < this.capacity; i++) {
      const a = this.slots[i * slotWords];
      const b = this.slots[i * slotWords + 1];
      const value = this.slots[i * slotWords + 2];
      if ((a !== 0 || b !== 0) && keep(value)) next.store(~next.probe(a, b), a, b, value);
    }
    releaseBuffer(this.slots.buffer);
    return next;
  }
}

/** A place for a missing fingerprint, from `find`: pass it to `addAt`. */
export interface FingerprintSlot {
  segment: number;
  slot: number;
  /** The segment as it was: one rebuilt since (grown, reserved, retained) has other slots. */
  owner: unknown;
}

export class FingerprintTable {
  private segments: Segment[];
  /** Where the last `find` that missed would put its key. */
  readonly lastMiss: FingerprintSlot = { segment: 0, slot: 0, owner: null };

  constructor(private readonly initialSlots = 1024) {
    this.segments = FingerprintTable.emptySegments(initialSlots);
  }

  private static emptySegments(slots: number): Segment[] {
    const capacity = Math.max(16, Math.ceil(slots / segmentCount));
    return Array.from({ length: segmentCount }, () => new Segment(capacity));
  }

  /** Forgets every entry and gives the memory back at once (see releaseBuffer). */
  release(): void {
    for (const segment of this.segments) releaseBuffer(segment.slots.buffer);
    this.segments = FingerprintTable.emptySegments(this.initialSlots);
  }

  /** Entries stored. */
  get size(): number {
    let size = 0;
    for (const segment of this.segments) size += segment.size;
    return size;
  }

  /** Bytes held by the table. */
  get bytes(): number {
    let bytes = 0;
    for (const segment of this.segments) bytes += segment.slots.byteLength;
    return bytes;
  }

  /** Makes room for `entries` in all, so that many need no growing (only ever grows). */
  reserve(entries: number): void {
    // Segments get entries/64 on average, give or take its square root: four of those spare keeps all of them in.
    const perSegment = entries / segmentCount;
    const wanted = (perSegment + 4 * Math.sqrt(perSegment) + 16) / maxLoad;
    const capacity = Math.min(maxSegmentSlots, Math.ceil(wanted));
    this.segments = this.segments.map((segment) =>
      segment.capacity >= capacity ? segment : segment.rebuilt(capacity),
    );
  }

  /** The value stored for the fingerprint, or -1 (then `lastMiss` says where `addAt` would put it). */
  find(a: number, b: number): number {
    const segment = a >>> (32 - segmentBits);
    const owner = this.segments[segment];
    const slot = owner.probe(a, storedB(a, b));
    if (slot >= 0) return owner.value(slot);
    this.lastMiss.segment = segment;
    this.lastMiss.slot = ~slot;
    this.lastMiss.owner = owner;
    return -1;
  }

  /** Adds a fingerprint that `find` missed, at the place it reported (or after it, if that was taken since). */
  addAt(place: FingerprintSlot, a: number, b: number, value: number): void {
    const fb = storedB(a, b);
    let segment = this.segments[place.segment];
    let slot = place.slot;
    if (!segment.roomy) {
      segment = segment.rebuilt(Math.min(maxSegmentSlots, segment.capacity * 2));
      this.segments[place.segment] = segment;
    }
    if (segment !== place.owner) slot = ~segment.probe(a, fb);
    segment.store(slot, a, fb, value);
  }

  /**
   * Reads the home slot of each fingerprint in `hashes` (pairs), so the probes that follow find them in the CPU's
   * caches: loads that do not depend on each other overlap their cache misses, a probe's chain of loads cannot.
   * Returns a value only so the reads are not optimised away.
   */
  touch(hashes: Uint32Array): number {
    let seen = 0;
    for (let k = 0; k + 1 < hashes.length; k += 2) {
      const a = hashes[k];
      const segment = this.segments[a >>> (32 - segmentBits)];
      seen ^= segment.slots[segment.home(storedB(a, hashes[k + 1])) * slotWords];
    }
    return seen;
  }

  /** Stores a value for a fingerprint not in the table yet. */
  add(a: number, b: number, value: number): void {
    if (this.find(a, b) === -1) this.addAt(this.lastMiss, a, b, value);
  }

  /** Keeps only the entries whose value passes `keep`. */
  retain(keep: (value: number) => boolean): void {
    this.segments = this.segments.map((segment) => segment.rebuilt(segment.capacity, keep));
  }
}

/** (0, 0) marks an empty slot, so that one fingerprint is stored as (0, 1). */
function storedB(a: number, b: number): number {
  return a === 0 && b === 0 ? 1 : b;
}
