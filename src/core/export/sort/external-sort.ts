/**
 * Sorting any number of exported users in bounded memory: records are collected into runs of `runSize`, each run is
 * sorted in memory and handed to a `RunStore` (Blobs in the browser, arrays in tests), and the runs are then merged
 * with a min-heap, reading each run back a chunk at a time. Ties keep input order: within a run the in-memory sort is
 * stable, and across runs the heap prefers the earlier run. Fewer records than `runSize` never touch the store.
 */
import { MinHeap } from './min-heap';
import { compareKeys, sortInMemory, sortKey } from './sort-order';
import type { SortDirection, SortKey } from './sort-order';

/** Where sorted runs wait for the merge. */
export interface RunStore<T> {
  /** Stores one sorted run and returns its id. */
  append(run: readonly T[]): Promise<number>;
  /** Reads a run back in its order, in chunks of any size. */
  read(run: number): AsyncIterable<readonly T[]>;
  /** Frees every run. */
  clear(): Promise<void>;
}

/** A RunStore over arrays, for tests and for callers that only want the merge logic. */
export class MemoryRunStore<T> implements RunStore<T> {
  readonly #runs: Array<readonly T[]> = [];
  constructor(private readonly chunkSize = 1000) {}

  async append(run: readonly T[]): Promise<number> {
    this.#runs.push(run.slice());
    return this.#runs.length - 1;
  }

  async *read(run: number): AsyncIterable<readonly T[]> {
    const items = this.#runs[run];
    for (let i = 0; i < items.length; i += this.chunkSize) yield items.slice(i, i + this.chunkSize);
  }

  async clear(): Promise<void> {
    this.#runs.length = 0;
  }

  get runCount(): number {
    return this.#runs.length;
  }
}

export interface ExternalSortOptions<T> {
  /** The value to sort by (see `fieldSortValue`). */
  value: (item: T) => unknown;
  direction: SortDirection;
  /** Records per run, i.e. held in memory at once while reading. Default 50,000. */
  runSize?: number;
  /** Where runs go when there are more records than `runSize`. Default: in memory. */
  store?: RunStore<T>;
}

interface Cursor<T> {
  run: number;
  chunks: AsyncIterator<readonly T[]>;
  chunk: readonly T[];
  position: number;
  key: SortKey;
}

/** Sorts records of any number; yields them in order. The store is cleared when the merge ends or is abandoned. */
export async function* sortRecords<T>(
  source: Iterable<T> | AsyncIterable<T>,
  options: ExternalSortOptions<T>,
): AsyncGenerator<T> {
  const runSize = Math.max(1, options.runSize ?? 50_000);
  const store = options.store ?? new MemoryRunStore<T>();
  const runs: number[] = [];
  let buffer: T[] = [];
  try {
    for await (const item of source) {
      buffer.push(item);
      if (buffer.length >= runSize) {
        runs.push(await store.append(sortInMemory(buffer, options.value, options.direction)));
        buffer = [];
      }
    }
    if (runs.length === 0) {
      yield* sortInMemory(buffer, options.value, options.direction);
      return;
    }
    if (buffer.length > 0)
      runs.push(await store.append(sortInMemory(buffer, options.value, options.direction)));
    buffer = [];
    yield* mergeRuns(store, runs, options);
  } finally {
    if (runs.length > 0) await store.clear();
  }
}

async function advance<T>(cursor: Cursor<T>, value: (item: T) => unknown): Promise<boolean> {
  cursor.position++;
  while (cursor.position >= cursor.chunk.length) {
    const next = await cursor.chunks.next();
    if (next.done) return false;
    cursor.chunk = next.value;
    cursor.position = 0;
  }
  cursor.key = sortKey(value(cursor.chunk[cursor.position]));
  return true;
}

async function* mergeRuns<T>(
  store: RunStore<T>,
  runs: number[],
  options: ExternalSortOptions<T>,
): AsyncGenerator<T> {
  const heap = new MinHeap<Cursor<T>>(
    (a, b) => compareKeys(a.key, b.key, options.direction) || a.run - b.run,
  );
  for (const [index, run] of runs.entries()) {
    const cursor: Cursor<T> = {
      run: index,
      chunks: store.read(run)[Symbol.asyncIterator](),
      chunk: [],
      position: -1,
      key: sortKey(undefined),
    };
    if (await advance(cursor, options.value)) heap.push(cursor);
  }
  for (let top = heap.peek(); top !== undefined; top = heap.peek()) {
    yield top.chunk[top.position];
    if (await advance(top, options.value)) heap.replaceTop(top);
    else heap.pop();
  }
}
