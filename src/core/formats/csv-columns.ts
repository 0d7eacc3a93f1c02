import type { CsvColumnSpec } from './csv-writer';

/** Objects whose keys become columns of their own (`user_metadata.plan`); other objects stay one JSON cell. */
const spreadKeys = new Set(['user_metadata', 'app_metadata']);

/**
 * Collects CSV columns as the union of the records' top-level keys, with `user_metadata` and `app_metadata` spread
 * into one column per key, in the order first seen. Reading such a CSV back gives the same records.
 */
export class CsvColumnCollector {
  private readonly seen = new Set<string>();
  private readonly order: string[] = [];

  add(record: Record<string, unknown>): void {
    for (const key of Object.keys(record)) {
      const value = record[key];
      if (spreadKeys.has(key) && typeof value === 'object' && value !== null && !Array.isArray(value)) {
        const nested = Object.keys(value);
        // An empty metadata object still gets a column, so it is not silently lost.
        if (nested.length === 0) this.note(key);
        for (const inner of nested) this.note(`${key}.${inner}`);
      } else {
        this.note(key);
      }
    }
  }

  /** How many columns are known now; `rollback(mark)` forgets the columns first seen after. */
  mark(): number {
    return this.order.length;
  }

  rollback(mark: number): void {
    for (const path of this.order.splice(mark)) this.seen.delete(path);
  }

  columns(): CsvColumnSpec[] {
    return this.order.map((path) => ({ path }));
  }

  private note(path: string): void {
    if (this.seen.has(path)) return;
    this.seen.add(path);
    this.order.push(path);
  }
}
