import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { saveExport } from './export-store';
import { deleteHistoryEntry, historyTenants, listHistory, type HistoryCursor } from './history-list';
import { DexieRunStore } from './run-store';
import { freshDb, sampleExport, sampleOutcomes, sampleRun } from './testing/fixtures';

async function seeded() {
  const db = freshDb();
  const store = new DexieRunStore(db);
  for (let i = 0; i < 7; i++) {
    const run = sampleRun(`run-${i}`, i % 2 ? 'beta.us.auth0.com' : 'acme.eu.auth0.com', 1_000 * i);
    if (i === 3) run.status = 'paused';
    await store.saveRun(run);
  }
  await store.saveOutcomes(
    'run-0',
    sampleOutcomes(5, (i) => (i < 3 ? 'inserted' : 'failed')),
  );
  for (let i = 0; i < 4; i++)
    await saveExport(db, sampleExport(`exp-${i}`, 'acme.eu.auth0.com', 1_000 * i + 500));
  return db;
}

describe('listHistory', () => {
  it('lists imports and exports together, newest first, with their counts', async () => {
    const db = await seeded();
    const { entries, next } = await listHistory(db);
    expect(entries.map((e) => e.id)).toEqual([
      'run-6',
      'run-5',
      'run-4',
      'exp-3',
      'run-3',
      'exp-2',
      'run-2',
      'exp-1',
      'run-1',
      'exp-0',
      'run-0',
    ]);
    expect(next).toBeNull();
    const run0 = entries.find((e) => e.id === 'run-0')!;
    expect(run0.counts).toEqual([
      { label: 'inserted', value: 3 },
      { label: 'updated', value: 0 },
      { label: 'failed', value: 2 },
      { label: 'skipped', value: 0 },
    ]);
    expect(run0.connection).toBe('Username-Password-Authentication (con_ABCDEFGHIJKLMNOP)');
    expect(run0.options).toContain('insert only');
    expect(entries.find((e) => e.id === 'exp-0')!.counts[0]).toEqual({ label: 'exported', value: 120 });
  });

  it('filters by tenant, kind and status', async () => {
    const db = await seeded();
    const ids = async (filter: Parameters<typeof listHistory>[1]) =>
      (await listHistory(db, filter)).entries.map((e) => e.id);
    expect(await ids({ tenant: 'beta.us.auth0.com' })).toEqual(['run-5', 'run-3', 'run-1']);
    expect(await ids({ tenant: 'acme.eu.auth0.com', kind: 'export' })).toEqual([
      'exp-3',
      'exp-2',
      'exp-1',
      'exp-0',
    ]);
    expect(await ids({ kind: 'import', status: 'paused' })).toEqual(['run-3']);
    expect(await ids({ tenant: 'nobody.auth0.com' })).toEqual([]);
    expect(await historyTenants(db)).toEqual(['acme.eu.auth0.com', 'beta.us.auth0.com']);
  });

  it('pages through everything exactly once, also when entries share a time', async () => {
    const db = freshDb();
    for (let i = 0; i < 23; i++)
      await saveExport(db, sampleExport(`e${String(i).padStart(2, '0')}`, 't', i < 10 ? 5 : i));
    const seen: string[] = [];
    let cursor: HistoryCursor | undefined;
    do {
      const page = await listHistory(db, {}, cursor, 4);
      expect(page.entries.length).toBeLessThanOrEqual(4);
      seen.push(...page.entries.map((e) => e.id));
      cursor = page.next ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(23);
    expect(new Set(seen).size).toBe(23);
    expect(seen.slice(0, 2)).toEqual(['e22', 'e21']);
  });

  it('deletes an import with its outcomes, and an export', async () => {
    const db = await seeded();
    await deleteHistoryEntry(db, 'import', 'run-0');
    await deleteHistoryEntry(db, 'export', 'exp-1');
    const ids = (await listHistory(db)).entries.map((e) => e.id);
    expect(ids).not.toContain('run-0');
    expect(ids).not.toContain('exp-1');
    expect(ids).toHaveLength(9);
    expect(await db.outcomes.count()).toBe(0);
  });
});
