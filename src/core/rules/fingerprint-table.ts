/**
 * An open-addressing hash table from 64-bit fingerprints (two 32-bit halves) to a non-negative integer. Slots are
 * [hash A, hash B, value + 1] in a Uint32Array (0 in the third word = empty). Linear probing keeps a lookup within
 * one or two cache lines; the slot is chosen by hash B, which is avalanched.
 *
 * The table is 64 segments, picked by the top bits of hash A, each growing on its own: growing one big table needs
 * the old and the new array at once (for 2M keys, 24 MiB + 48 MiB at the moment of the copy), while a segment's
 * copy is 1/64 of that, and segments grow at different moments, so their average fill stays near the middle of
 * the 37.5-75% band. 12 bytes per slot: ~16-32 bytes per entry (a Map of strings costs ~89).
 */

const slotWords = 3;
const maxLoad = 0.75;
const segmentBits = 6;
const segmentCount = 1 << segmentBits;

class Segment {
  size = 0;
  slots: Uint32Array;
  mask: number;

  constructor(capacity: number) {
    this.slots = new Uint32Array(capacity * slotWords);
    this.mask = capacity - 1;
  }

  get(a: number, b: number): number {
    const { slots, mask } = this;
    for (let i = b & mask; ; i = (i + 1) & mask) {
      const at = i * slotWords;
      const stored = slots[at + 2];
      if (stored === 0) return -1;
      if (slots[at] === a && slots[at + 1] === b) return stored - 1;
    }
  }

  add(a: number, b: number, stored: number): void {
    if ((this.size + 1) / (this.mask + 1) > maxLoad) this.resize((this.mask + 1) * 2);
    place(this.slots, this.mask, a, b, stored);
    this.size++;
  }

  private resize(capacity: number): void {
    const old = this.slots;
    const slots = new Uint32Array(capacity * slotWords);
    const mask = capacity - 1;
    for (let at = 0; at < old.length; at += slotWords) {
      if (old[at + 2] !== 0) place(slots, mask, old[at], old[at + 1], old[at + 2]);
    }
    this.slots = slots;
    this.mask = mask;
  }
}

function place(slots: Uint32Array, mask: number, a: number, b: number, stored: number): void {
  let i = b & mask;
  while (slots[i * slotWords + 2] !== 0) i = (i + 1) & mask;
  const at = i * slotWords;
  slots[at] = a;
  slots[at + 1] = b;
  slots[at + 2] = stored;
}

export class FingerprintTable {
  private segments: Segment[];
  private readonly segmentSlots: number;

  constructor(initialSlots = 1024) {
    let capacity = 16;
    while (capacity * segmentCount < initialSlots) capacity *= 2;
    this.segmentSlots = capacity;
    this.segments = Array.from({ length: segmentCount }, () => new Segment(capacity));
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

  /** The value stored for the fingerprint, or -1. */
  get(a: number, b: number): number {
    return this.segments[a >>> (32 - segmentBits)].get(a, b);
  }

  /** Stores a value for a fingerprint not in the table yet (the caller has looked it up). */
  add(a: number, b: number, value: number): void {
    this.segments[a >>> (32 - segmentBits)].add(a, b, value + 1);
  }

  /** Keeps only the entries whose value passes `keep` (rebuilt in place of the old table). */
  retain(keep: (value: number) => boolean): void {
    const old = this.segments;
    this.segments = Array.from({ length: segmentCount }, () => new Segment(this.segmentSlots));
    for (const segment of old) {
      const { slots } = segment;
      for (let at = 0; at < slots.length; at += slotWords) {
        const stored = slots[at + 2];
        if (stored !== 0 && keep(stored - 1)) this.add(slots[at], slots[at + 1], stored - 1);
      }
    }
  }
}
