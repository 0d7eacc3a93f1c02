/** Import runs and their record outcomes in IndexedDB: core's `RunStore` port, so a run survives a closed tab. */
import type { RunStore } from '../core/import/ports';
import {
  emptyOutcomeCounts,
  type ImportRun,
  type OutcomeCounts,
  type RecordOutcome,
} from '../core/import/types';
import type { FerryDb } from './ferry-db';
import { applyOutcomeWrite } from './outcome-counts';
import type { OutcomeRow } from './records';
import { redactSecrets } from './redact-secrets';

/** Outcomes per IndexedDB transaction: big enough to be fast, small enough not to hold a huge array twice. */
export const outcomeWriteBatch = 5_000;
/** Outcomes per page when reading back. */
export const outcomeReadPage = 2_000;

export class DexieRunStore implements RunStore {
  readonly #db: FerryDb;

  constructor(db: FerryDb) {
    this.#db = db;
  }

  /** Stores a scrubbed copy (see redact-secrets.ts): the caller's object is left as it is. */
  async saveRun(run: ImportRun): Promise<void> {
    await this.#db.runs.put(redactSecrets(run));
  }

  async loadRun(id: string): Promise<ImportRun | undefined> {
    return this.#db.runs.get(id);
  }

  /** Writes in batches; each batch also updates the run's totals in the same transaction, so they never drift. */
  async saveOutcomes(runId: string, outcomes: readonly RecordOutcome[]): Promise<void> {
    for (let start = 0; start < outcomes.length; start += outcomeWriteBatch) {
      const batch = outcomes.slice(start, start + outcomeWriteBatch);
      await this.#writeBatch(runId, batch);
    }
  }

  async #writeBatch(runId: string, batch: readonly RecordOutcome[]): Promise<void> {
    const rows: OutcomeRow[] = batch.map((outcome) => ({ ...redactSecrets(outcome), runId }));
    const keys = rows.map((row): [string, string, number] => [runId, row.file, row.record]);
    await this.#db.transaction('rw', this.#db.outcomes, this.#db.runCounts, async () => {
      const previous = await this.#db.outcomes.bulkGet(keys);
      const stored = await this.#db.runCounts.get(runId);
      const counts = stored?.counts ?? emptyOutcomeCounts();
      applyOutcomeWrite(counts, rows, previous);
      await this.#db.outcomes.bulkPut(rows);
      await this.#db.runCounts.put({ runId, counts });
    });
  }

  /**
   * Pages in key order (file, then record). Each page is its own short query that starts after the last key of the
   * previous one: a cursor held open across `yield` would be closed by IndexedDB as soon as the consumer awaited
   * anything else, and a 1M-outcome run must never be loaded at once.
   */
  async *readOutcomes(runId: string, pageSize = outcomeReadPage): AsyncIterable<readonly RecordOutcome[]> {
    // [runId] sorts before all of the run's keys and [runId, []] after them (an array sorts after any string).
    // Not Dexie.maxKey twice: one object twice in a key is an invalid key for IndexedDB.
    let lower: unknown[] = [runId];
    let includeLower = true;
    for (;;) {
      const rows = await this.#db.outcomes
        .where('[runId+file+record]')
        .between(lower, [runId, []], includeLower, false)
        .limit(pageSize)
        .toArray();
      if (rows.length === 0) return;
      yield rows.map(withoutRunId);
      if (rows.length < pageSize) return;
      const last = rows[rows.length - 1];
      lower = [runId, last.file, last.record];
      includeLower = false;
    }
  }

  /** The run's outcome totals (all zero when none are stored). */
  async outcomeCounts(runId: string): Promise<OutcomeCounts> {
    return (await this.#db.runCounts.get(runId))?.counts ?? emptyOutcomeCounts();
  }

  /** Removes the run, its outcomes, its totals and its stored part payloads. */
  async deleteRun(runId: string): Promise<void> {
    const tables = [this.#db.runs, this.#db.outcomes, this.#db.runCounts, this.#db.chunkPayloads];
    await this.#db.transaction('rw', tables, async () => {
      await this.#db.chunkPayloads.where('runId').equals(runId).delete();
      await this.#db.outcomes.where('runId').equals(runId).delete();
      await this.#db.runCounts.delete(runId);
      await this.#db.runs.delete(runId);
    });
  }
}

function withoutRunId(row: OutcomeRow): RecordOutcome {
  const { runId: _runId, ...outcome } = row;
  return outcome;
}
