import { describe, expect, it } from 'vitest';
import { DuplicateIndex, type DuplicateKind } from './duplicate-index';
import { FingerprintTable } from './fingerprint-table';
import { hashKey } from './key-hash';

/** Looks a key up and, when new, remembers it for the given position (as the checker does for an accepted record). */
function seen(
  index: DuplicateIndex,
  kind: DuplicateKind,
  value: string,
  file = 'a.json',
  record = 0,
  line: number | null = null,
) {
  index.clearStaged();
  const first = index.firstSeen(kind, value);
  if (first === null) index.rememberStaged(file, record, line);
  return first;
}

describe('DuplicateIndex', () => {
  it('keeps positions of many records (beyond its first allocation) and files', () => {
    const index = new DuplicateIndex();
    for (let i = 0; i < 5000; i++) {
      expect(
        seen(index, 'user_id', `id${i}`, i < 2500 ? 'a.json' : 'b.csv', i, i % 7 ? i + 1 : null),
      ).toBeNull();
    }
    expect(seen(index, 'user_id', 'id4321')).toEqual({ file: 'b.csv', record: 4321, line: 4322 });
    expect(seen(index, 'user_id', 'id14')).toEqual({ file: 'a.json', record: 14, line: null });
    expect(seen(index, 'user_id', 'id5000')).toBeNull();
    expect(seen(index, 'email', 'id1')).toBeNull();
  });

  it('makes room at once for the records it is told to expect, keys as many per record as so far', () => {
    const accept = (index: DuplicateIndex, i: number) => {
      index.clearStaged();
      expect(index.firstSeen('email', `user${i}@example.com`)).toBeNull();
      expect(index.firstSeen('user_id', `id${i}`)).toBeNull();
      index.rememberStaged('a.json', i, i + 1);
    };
    const index = new DuplicateIndex();
    for (let i = 0; i < 1000; i++) accept(index, i);
    index.expectRecords(60_000);
    const reserved = index.bytes;
    for (let i = 1000; i < 61_000; i++) accept(index, i);
    // Nothing outgrown (and left as garbage) while the expected records came.
    expect(index.bytes).toBe(reserved);
    expect(seen(index, 'user_id', 'id60999')).toEqual({ file: 'a.json', record: 60_999, line: 61_000 });

    const unprepared = new DuplicateIndex();
    for (let i = 0; i < 1000; i++) accept(unprepared, i);
    const before = unprepared.bytes;
    for (let i = 1000; i < 61_000; i++) accept(unprepared, i);
    expect(unprepared.bytes).toBeGreaterThan(before);
  });

  it('compares emails and usernames without case (Unicode too), user ids exactly, and keeps kinds apart', () => {
    const index = new DuplicateIndex();
    seen(index, 'email', 'Jane@Example.com', 'a.json', 3, 4);
    expect(seen(index, 'email', 'jane@example.COM')).toEqual({ file: 'a.json', record: 3, line: 4 });
    seen(index, 'username', 'ÉLODIE', 'a.json', 5);
    expect(seen(index, 'username', 'élodie')).toMatchObject({ record: 5 });
    seen(index, 'user_id', 'AbC', 'a.json', 6);
    expect(seen(index, 'user_id', 'abc')).toBeNull();
    expect(seen(index, 'username', 'jane@example.com')).toBeNull();
  });

  it('remembers only staged keys of accepted records', () => {
    const index = new DuplicateIndex();
    index.clearStaged();
    expect(index.firstSeen('email', 'x@example.com')).toBeNull();
    // The record was not accepted: nothing remembered.
    index.clearStaged();
    expect(index.firstSeen('email', 'x@example.com')).toBeNull();
  });

  it('forgets the keys of a file that failed, and only those', () => {
    const index = new DuplicateIndex();
    for (let i = 0; i < 3000; i++)
      seen(index, 'email', `u${i}@example.com`, i < 1000 ? 'a.json' : 'cut.json', i);
    index.forgetFile('cut.json');
    expect(seen(index, 'email', 'u999@example.com')).toMatchObject({ file: 'a.json', record: 999 });
    expect(seen(index, 'email', 'u1000@example.com', 'b.json', 7)).toBeNull();
    expect(seen(index, 'email', 'u1000@example.com')).toEqual({ file: 'b.json', record: 7, line: null });
  });

  // The property the compact index must keep at the scale it exists for: 1M users, 2M keys.
  it('reports no duplicate among 1M distinct keys, and every planted duplicate with its first record', () => {
    const index = new DuplicateIndex();
    const n = 1_000_000;
    for (let i = 0; i < n; i++) {
      index.clearStaged();
      const email = index.firstSeen('email', `user${i}@example.com`);
      const id = index.firstSeen('user_id', `65a1f0c2e4b0${i.toString(16)}`);
      if (email !== null || id !== null)
        throw new Error(`false duplicate at ${i}: ${JSON.stringify(email ?? id)}`);
      index.rememberStaged('big.ndjson', i, i + 1);
    }
    for (let planted = 0; planted < n; planted += 9973) {
      index.clearStaged();
      expect(index.firstSeen('email', `USER${planted}@example.com`)).toEqual({
        file: 'big.ndjson',
        record: planted,
        line: planted + 1,
      });
      expect(index.firstSeen('user_id', `65a1f0c2e4b0${planted.toString(16)}`)).toMatchObject({
        record: planted,
      });
    }
    // 2M keys in 12-byte slots, grown by doubling to between 37.5% and 75% full, and the positions in one run: far
    // below a Map's ~89 bytes per key.
    expect(index.bytes / (2 * n)).toBeLessThan(33);
  });

  it('forgets everything and gives its tables back on release, and works again after', () => {
    const index = new DuplicateIndex();
    for (let i = 0; i < 50_000; i++) seen(index, 'email', `u${i}@example.com`, 'a.json', i * 2, i * 3);
    const full = index.bytes;
    index.release();
    expect(index.bytes).toBeLessThan(full / 10);
    expect(seen(index, 'email', 'u7@example.com', 'b.json', 4, 5)).toBeNull();
    expect(seen(index, 'email', 'U7@example.com')).toEqual({ file: 'b.json', record: 4, line: 5 });
  });
});

describe('FingerprintTable', () => {
  it('finds what it holds after growing, and nothing else', () => {
    const table = new FingerprintTable(16);
    const hash = new Uint32Array(2);
    for (let i = 0; i < 10_000; i++) {
      hashKey(`k${i}`, 7, false, hash);
      table.add(hash[0], hash[1], i);
    }
    hashKey('k1234', 7, false, hash);
    expect(table.find(hash[0], hash[1])).toBe(1234);
    hashKey('k1234', 8, false, hash);
    expect(table.find(hash[0], hash[1])).toBe(-1);
    table.retain((value) => value % 2 === 0);
    expect(table.size).toBe(5000);
    hashKey('k1234', 7, false, hash);
    expect(table.find(hash[0], hash[1])).toBe(1234);
    hashKey('k1235', 7, false, hash);
    expect(table.find(hash[0], hash[1])).toBe(-1);
  });

  it('adds at the place its lookup found, even when another key took it or the segment grew since', () => {
    const table = new FingerprintTable(16);
    // Same segment (hash A's top bits) and the same home slot (hash B): the two compete for one empty slot.
    const a1 = 0x10000001;
    const a2 = 0x10000002;
    expect(table.find(a1, 5)).toBe(-1);
    const first = { ...table.lastMiss };
    expect(table.find(a2, 5)).toBe(-1);
    const second = { ...table.lastMiss };
    expect(second.slot).toBe(first.slot);
    table.addAt(first, a1, 5, 11);
    table.addAt(second, a2, 5, 22);
    expect([table.find(a1, 5), table.find(a2, 5)]).toEqual([11, 22]);
    // A lookup, then so many adds that its segment is rebuilt larger: the add still lands where lookups find it.
    expect(table.find(0x10000003, 9)).toBe(-1);
    const stale = { ...table.lastMiss };
    for (let i = 0; i < 200; i++) table.add(0x10000100 + i, i * 7919, i);
    table.addAt(stale, 0x10000003, 9, 33);
    expect(table.find(0x10000003, 9)).toBe(33);
    for (let i = 0; i < 200; i++) expect(table.find(0x10000100 + i, i * 7919)).toBe(i);
    expect(table.find(0, 0)).toBe(-1);
    table.add(0, 0, 44);
    expect(table.find(0, 0)).toBe(44);
  });

  it('makes room up front: reserved entries need no growing and keep the fill under 75%', () => {
    const table = new FingerprintTable(16);
    table.reserve(100_000);
    const before = table.bytes;
    const hash = new Uint32Array(2);
    for (let i = 0; i < 100_000; i++) {
      hashKey(`user${i}@example.com`, 1, true, hash);
      table.add(hash[0], hash[1], i);
    }
    expect(table.bytes).toBe(before);
    expect(table.bytes / 100_000).toBeLessThan(19);
    hashKey('user99999@example.com', 1, true, hash);
    expect(table.find(hash[0], hash[1])).toBe(99_999);
  });
});
