/**
 * A RunStore that keeps sorted runs in Blobs, which browsers may page out to disk, so sorting a large export does
 * not hold every record in the JavaScript heap. Each run is a Blob of NDJSON chunks whose byte sizes are remembered,
 * so a chunk is read back by an exact slice and never split inside a character. Records must be JSON values; they
 * come back as parsed copies.
 */
import type { RunStore } from './external-sort';

interface StoredRun {
  blob: Blob;
  chunkBytes: number[];
}

export class BlobRunStore<T> implements RunStore<T> {
  #runs: Array<StoredRun | null> = [];

  /** @param chunkSize records per chunk: the unit read back into memory during the merge. */
  constructor(private readonly chunkSize = 2000) {}

  async append(run: readonly T[]): Promise<number> {
    const parts: Blob[] = [];
    const chunkBytes: number[] = [];
    for (let i = 0; i < run.length; i += this.chunkSize) {
      const part = new Blob([
        run
          .slice(i, i + this.chunkSize)
          .map((item) => JSON.stringify(item))
          .join('\n'),
      ]);
      parts.push(part);
      chunkBytes.push(part.size);
    }
    this.#runs.push({ blob: new Blob(parts), chunkBytes });
    return this.#runs.length - 1;
  }

  async *read(run: number): AsyncIterable<readonly T[]> {
    const stored = this.#runs[run];
    if (!stored) throw new RangeError(`Run ${run} does not exist or was cleared`);
    let offset = 0;
    for (const size of stored.chunkBytes) {
      const text = await stored.blob.slice(offset, offset + size).text();
      offset += size;
      yield text.split('\n').map((line) => JSON.parse(line) as T);
    }
  }

  async clear(): Promise<void> {
    this.#runs = [];
  }
}
