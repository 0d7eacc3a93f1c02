import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { FerryDb } from './ferry-db';
import { listHistory } from './history-list';
import { DexieRunStore } from './run-store';
import { currentSchemaVersion, schemaV1 } from './schema-history';
import { freshDbName, sampleExport, sampleOutcomes, sampleRun } from './testing/fixtures';

/** What Ferry's first release wrote: the v1 schema only, outcomes as rows with their runId, no totals table. */
async function writeV1Database(name: string): Promise<void> {
  const v1 = new Dexie(name);
  v1.version(1).stores(schemaV1);
  await v1
    .table('runs')
    .bulkPut([
      sampleRun('old-1', 'acme.eu.auth0.com', 1_000),
      sampleRun('old-2', 'beta.us.auth0.com', 2_000),
    ]);
  const rows = sampleOutcomes(30, (i) => (i < 20 ? 'inserted' : i < 25 ? 'failed' : 'skipped'));
  await v1.table('outcomes').bulkPut(rows.map((row) => ({ ...row, runId: 'old-1' })));
  await v1.table('exports').put(sampleExport('exp-1', 'acme.eu.auth0.com', 3_000));
  await v1.table('fieldPresets').put({
    tenant: 'acme.eu.auth0.com',
    name: 'Basics',
    fields: [{ source: 'email', column: 'Email' }],
    updatedAt: 1,
  });
  expect(v1.verno).toBe(1);
  v1.close();
}

describe('schema upgrades', () => {
  it('opens a history written by the v1 schema: entries kept, totals backfilled, new indexes usable', async () => {
    const name = freshDbName();
    await writeV1Database(name);
    const db = new FerryDb(name);
    await db.open();
    expect(db.verno).toBe(currentSchemaVersion);
    expect(await db.runCounts.get('old-1')).toEqual({
      runId: 'old-1',
      counts: { inserted: 20, updated: 0, imported: 0, failed: 5, skipped: 5, unknown: 0 },
    });
    expect((await db.runCounts.get('old-2'))?.counts.inserted).toBe(0);
    const acme = await db.runs
      .where('[tenant+createdAt]')
      .between(['acme.eu.auth0.com', 0], ['acme.eu.auth0.com', Infinity])
      .primaryKeys();
    expect(acme).toEqual(['old-1']);

    const page = await listHistory(db, { tenant: 'acme.eu.auth0.com' });
    expect(page.entries.map((entry) => [entry.kind, entry.id])).toEqual([
      ['export', 'exp-1'],
      ['import', 'old-1'],
    ]);
    expect(page.entries[1].counts.find((c) => c.label === 'failed')?.value).toBe(5);
    expect(await db.fieldPresets.get(['acme.eu.auth0.com', 'Basics'])).toBeDefined();

    // The upgraded database keeps working as the current one: a resumed run's new outcomes adjust the totals.
    await new DexieRunStore(db).saveOutcomes(
      'old-1',
      sampleOutcomes(1, () => 'updated'),
    );
    expect((await db.runCounts.get('old-1'))?.counts).toMatchObject({ inserted: 19, updated: 1 });
    db.close();
  });
});
