import { describe, expect, it } from 'vitest';
import { makeUsers, seededRandom } from '../../../../tests/fixtures/export/make-users';
import type { ExportedUser } from '../../../../tests/fixtures/export/make-users';
import { compileFieldList } from '../field-list';
import { BlobRunStore } from './blob-run-store';
import { MemoryRunStore, sortRecords } from './external-sort';
import { MinHeap } from './min-heap';
import { compareKeys, fieldSortValue, sortInMemory, sortKey } from './sort-order';
import type { SortDirection } from './sort-order';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

function byField(source: string): (record: unknown) => unknown {
  const result = compileFieldList([{ source, column: 'sort' }]);
  if (!result.ok) throw new Error(result.problems[0].message);
  return fieldSortValue(result.fields[0]);
}

const v = (record: { v?: unknown }): unknown => record.v;

describe('sortInMemory', () => {
  it('orders numbers numerically, not as text', () => {
    const items = [10, 9, 100, -1, 0.5].map((n) => ({ v: n }));
    expect(sortInMemory(items, v, 'asc').map((r) => r.v)).toEqual([-1, 0.5, 9, 10, 100]);
  });

  it('orders ISO dates as instants, across time zone offsets', () => {
    const items = [
      { v: '2024-01-01T10:00:00+02:00' },
      { v: '2024-01-01T09:00:00.000Z' },
      { v: '2023-12-31' },
    ];
    expect(sortInMemory(items, v, 'asc').map((r) => r.v)).toEqual([
      '2023-12-31',
      '2024-01-01T10:00:00+02:00',
      '2024-01-01T09:00:00.000Z',
    ]);
  });

  it('orders text for people: numbers inside text by value, accents beside their letter', () => {
    const items = ['user10', 'user2', 'Zoe', 'émile', 'Emile', 'adam'].map((s) => ({ v: s }));
    expect(sortInMemory(items, v, 'asc').map((r) => r.v)).toEqual([
      'adam',
      'Emile',
      'émile',
      'user2',
      'user10',
      'Zoe',
    ]);
  });

  it('puts missing values last in both directions', () => {
    const items = [{ v: 'b' }, {}, { v: null }, { v: 'a' }, { v: '' }, { v: 'c' }];
    expect(sortInMemory(items, v, 'asc').map((r) => r.v)).toEqual(['a', 'b', 'c', undefined, null, '']);
    expect(sortInMemory(items, v, 'desc').map((r) => r.v)).toEqual(['c', 'b', 'a', undefined, null, '']);
  });

  it('is stable in both directions: equal keys keep input order', () => {
    const items = [
      { v: 1, id: 'a' },
      { v: 2, id: 'b' },
      { v: 1, id: 'c' },
      { v: 2, id: 'd' },
      { v: 1, id: 'e' },
    ];
    expect(
      sortInMemory(items, v, 'asc')
        .map((r) => r.id)
        .join(''),
    ).toBe('acebd');
    expect(
      sortInMemory(items, v, 'desc')
        .map((r) => r.id)
        .join(''),
    ).toBe('bdace');
  });

  it('sorts by an expression, treating a failing one as missing', () => {
    const users = [{ email: 'b@x' }, { email: 5 }, { email: 'A@x' }];
    const sorted = sortInMemory(users, byField('user.email.toLowerCase()'), 'asc');
    expect(sorted.map((u) => u.email)).toEqual(['A@x', 'b@x', 5]);
  });

  it('groups mixed kinds in a fixed order', () => {
    const keys = [sortKey(true), sortKey(3), sortKey('2024-01-01'), sortKey('text'), sortKey({ a: 1 })];
    for (let i = 1; i < keys.length; i++) expect(compareKeys(keys[i - 1], keys[i], 'asc')).toBeLessThan(0);
  });
});

describe('sortRecords (external merge sort)', () => {
  const cases: Array<[string, SortDirection]> = [
    ['created_at', 'asc'],
    ['created_at', 'desc'],
    ['given_name', 'asc'],
    ['user.user_metadata.score', 'desc'],
    ['email_verified', 'asc'],
  ];

  it.each(cases)(
    'by %s %s: 10k records in runs of 700 equal the in-memory sort',
    async (source, direction) => {
      const users = makeUsers(10_000, 3);
      const value = byField(source);
      const store = new MemoryRunStore<ExportedUser>(128);
      let runsWritten = 0;
      const countingStore = {
        ...store,
        append: async (run: readonly ExportedUser[]) => (runsWritten++, store.append(run)),
        read: (r: number) => store.read(r),
        clear: () => store.clear(),
      };
      const external = await collect(
        sortRecords(users, { value, direction, runSize: 700, store: countingStore }),
      );
      expect(runsWritten).toBe(15);
      expect(external.map((u) => u.user_id)).toEqual(
        sortInMemory(users, value, direction).map((u) => u.user_id),
      );
      expect(store.runCount).toBe(0);
    },
  );

  it('gives the same order with runs kept in Blobs (records with non-ASCII text survive)', async () => {
    const users = makeUsers(10_000, 5);
    const value = byField('user.name');
    const external = await collect(
      sortRecords(users, { value, direction: 'asc', runSize: 1200, store: new BlobRunStore(97) }),
    );
    expect(external).toEqual(sortInMemory(users, value, 'asc'));
    expect(external.some((u) => u.given_name === 'Émile')).toBe(true);
  });

  it('keeps ties in input order across runs (many equal keys)', async () => {
    const random = seededRandom(9);
    const items = Array.from({ length: 5000 }, (_, i) => ({ v: Math.floor(random() * 4), i }));
    const sorted = await collect(sortRecords(items, { value: v, direction: 'desc', runSize: 333 }));
    for (let k = 1; k < sorted.length; k++) {
      const [a, b] = [sorted[k - 1], sorted[k]];
      expect(a.v > b.v || (a.v === b.v && a.i < b.i)).toBe(true);
    }
  });

  it('sorts small inputs without touching the store, and accepts async sources', async () => {
    const store = new MemoryRunStore<{ v: number }>();
    async function* source(): AsyncGenerator<{ v: number }> {
      yield* [{ v: 3 }, { v: 1 }, { v: 2 }];
    }
    const sorted = await collect(
      sortRecords(source(), {
        value: v,
        direction: 'asc',
        runSize: 10,
        store: {
          ...store,
          append: () => Promise.reject(new Error('must not be used')),
          read: (r) => store.read(r),
          clear: () => store.clear(),
        },
      }),
    );
    expect(sorted.map((r) => r.v)).toEqual([1, 2, 3]);
    expect(await collect(sortRecords([], { value: v, direction: 'asc' }))).toEqual([]);
  });

  it('clears the store when the reader stops early', async () => {
    const store = new MemoryRunStore<{ v: number }>();
    const items = Array.from({ length: 50 }, (_, i) => ({ v: 50 - i }));
    for await (const item of sortRecords(items, { value: v, direction: 'asc', runSize: 10, store })) {
      expect(item.v).toBe(1);
      break;
    }
    expect(store.runCount).toBe(0);
  });
});

describe('MinHeap', () => {
  it('pops in order', () => {
    const heap = new MinHeap<number>((a, b) => a - b);
    const random = seededRandom(2);
    const values = Array.from({ length: 200 }, () => Math.floor(random() * 50));
    values.forEach((x) => heap.push(x));
    const out: number[] = [];
    while (heap.size > 0) out.push(heap.pop() as number);
    expect(out).toEqual([...values].sort((a, b) => a - b));
  });
});
