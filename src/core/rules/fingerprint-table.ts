/**
 * An open-addressing hash table from 64-bit fingerprints (two 32-bit halves) to a non-negative integer, over one
 * Uint32Array: slot i holds [hash A, hash B, value + 1] at 3i, 3i+1, 3i+2 (0 in the third word = empty). Linear
 * probing keeps a lookup within one or two cache lines; the slot is chosen by hash B, which is avalanched.
 *
 * 12 bytes per slot, at most 75% full, doubled when fuller: 16-32 bytes per entry (a Map of strings costs ~89).
 */

const slotWords = 3;
const maxLoad = 0.75;

export class FingerprintTable {
  /** Entries stored. */
  size = 0;
  private slots: Uint32Array;
  private mask: number;

  constructor(initialSlots = 1024) {
    let capacity = 16;
    while (capacity < initialSlots) capacity *= 2;
    this.slots = new Uint32Array(capacity * slotWords);
    this.mask = capacity - 1;
  }

  /** Bytes held by the table. */
  get bytes(): number {
    return this.slots.byteLength;
  }

  /** The value stored for the fingerprint, or -1. */
  get(a: number, b: number): number {
    const slots = this.slots;
    for (let i = b & this.mask; ; i = (i + 1) & this.mask) {
      const at = i * slotWords;
      const stored = slots[at + 2];
      if (stored === 0) return -1;
      if (slots[at] === a && slots[at + 1] === b) return stored - 1;
    }
  }

  /** Stores a value for a fingerprint not in the table yet (the caller has looked it up). */
  add(a: number, b: number, value: number): void {
    if ((this.size + 1) / (this.mask + 1) > maxLoad) this.resize((this.mask + 1) * 2);
    this.place(this.slots, this.mask, a, b, value + 1);
    this.size++;
  }

  /** Keeps only the entries whose value passes `keep` (rebuilt in place of the old table). */
  retain(keep: (value: number) => boolean): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length);
    this.size = 0;
    for (let at = 0; at < old.length; at += slotWords) {
      const stored = old[at + 2];
      if (stored === 0 || !keep(stored - 1)) continue;
      this.place(this.slots, this.mask, old[at], old[at + 1], stored);
      this.size++;
    }
  }

  private resize(capacity: number): void {
    const old = this.slots;
    const slots = new Uint32Array(capacity * slotWords);
    const mask = capacity - 1;
    for (let at = 0; at < old.length; at += slotWords) {
      if (old[at + 2] !== 0) this.place(slots, mask, old[at], old[at + 1], old[at + 2]);
    }
    this.slots = slots;
    this.mask = mask;
  }

  private place(slots: Uint32Array, mask: number, a: number, b: number, stored: number): void {
    let i = b & mask;
    while (slots[i * slotWords + 2] !== 0) i = (i + 1) & mask;
    const at = i * slotWords;
    slots[at] = a;
    slots[at + 1] = b;
    slots[at + 2] = stored;
  }
}
