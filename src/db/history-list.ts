/** History queries: import runs and exports together, newest first, filtered, a page at a time. */
import { Dexie, type Collection, type Table } from 'dexie';
import { countChunkPayloads } from './chunk-payloads';
import type { FerryDb } from './ferry-db';
import { exportEntry, importEntry, runTotals, type HistoryEntry, type HistoryKind } from './history-entry';
import { DexieRunStore } from './run-store';

export interface HistoryFilter {
  tenant?: string;
  kind?: HistoryKind;
  status?: string;
}

/** Where the previous page ended: entries come in (createdAt, id) order, both descending. */
export interface HistoryCursor {
  createdAt: number;
  id: string;
}

export interface HistoryPage {
  entries: HistoryEntry[];
  /** Pass back to get the next page; null when this was the last. */
  next: HistoryCursor | null;
}

export const historyPageSize = 50;

const isAfter = (row: { createdAt: number; id: string }, cursor: HistoryCursor | undefined): boolean =>
  !cursor || row.createdAt < cursor.createdAt || (row.createdAt === cursor.createdAt && row.id < cursor.id);

const newestFirst = (a: HistoryEntry, b: HistoryEntry): number =>
  b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * The rows of one table after the cursor, newest first, at most `limit`. The tenant filter uses the
 * [tenant+createdAt] index so a page never scans other tenants' rows; status is a cheap filter on what the index gives.
 */
async function pageOf<T extends { id: string; tenant: string; status: string; createdAt: number }, I>(
  table: Table<T, string, I>,
  filter: HistoryFilter,
  cursor: HistoryCursor | undefined,
  limit: number,
): Promise<T[]> {
  const top = cursor?.createdAt ?? Dexie.maxKey;
  const range: Collection<T, string, I> =
    filter.tenant !== undefined
      ? table
          .where('[tenant+createdAt]')
          .between([filter.tenant, Dexie.minKey], [filter.tenant, top], true, true)
      : table.where('createdAt').belowOrEqual(top);
  return range
    .reverse()
    .filter((row) => isAfter(row, cursor) && (filter.status === undefined || row.status === filter.status))
    .limit(limit)
    .toArray();
}

/** One page of history. */
export async function listHistory(
  db: FerryDb,
  filter: HistoryFilter = {},
  cursor?: HistoryCursor,
  limit = historyPageSize,
): Promise<HistoryPage> {
  const wantImports = filter.kind !== 'export';
  const wantExports = filter.kind !== 'import';
  // One extra row tells whether another page exists.
  const runs = wantImports ? await pageOf(db.runs, filter, cursor, limit + 1) : [];
  const exports = wantExports ? await pageOf(db.exports, filter, cursor, limit + 1) : [];
  const totals = await db.runCounts.bulkGet(runs.map((run) => run.id));
  const kept = await Promise.all(runs.map((run) => countChunkPayloads(db, run.id)));
  const merged = [
    ...runs.map((run, i) =>
      importEntry(
        run,
        runTotals(run, totals[i]?.counts),
        run.chunks.length > 0 && kept[i] === run.chunks.length,
      ),
    ),
    ...exports.map(exportEntry),
  ].sort(newestFirst);
  const entries = merged.slice(0, limit);
  const last = entries[entries.length - 1];
  return { entries, next: merged.length > limit && last ? { createdAt: last.createdAt, id: last.id } : null };
}

/** Every tenant that has history, sorted. */
export async function historyTenants(db: FerryDb): Promise<string[]> {
  const runTenants = (await db.runs.orderBy('tenant').uniqueKeys()) as string[];
  const exportTenants = (await db.exports.orderBy('tenant').uniqueKeys()) as string[];
  return [...new Set([...runTenants, ...exportTenants])].sort();
}

/** Deletes one entry; an import run takes its outcomes with it. */
export async function deleteHistoryEntry(db: FerryDb, kind: HistoryKind, id: string): Promise<void> {
  if (kind === 'import') await new DexieRunStore(db).deleteRun(id);
  else await db.exports.delete(id);
}
