import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { checkAccounting } from '../core/import/accounting';
import { runImport } from '../core/import/run-import';
import type { RecordOutcome } from '../core/import/types';
import { FakeWorld, plannedRun, userInputs } from '../core/import/testing/fake-world';
import { FerryDb } from './ferry-db';
import { DexieRunStore } from './run-store';
import { freshDb, freshDbName, sampleOutcomes, sampleRun } from './testing/fixtures';

const open: FerryDb[] = [];
const track = (db: FerryDb) => (open.push(db), db);
afterEach(() => open.splice(0).forEach((db) => db.close()));

async function all(pages: AsyncIterable<readonly RecordOutcome[]>): Promise<RecordOutcome[][]> {
  const out: RecordOutcome[][] = [];
  for await (const page of pages) out.push([...page]);
  return out;
}

describe('DexieRunStore', () => {
  it('keeps a run as saved and gives it back after the database is closed and opened again', async () => {
    const name = freshDbName();
    const run = sampleRun('r1');
    await new DexieRunStore(track(new FerryDb(name))).saveRun(run);
    open.splice(0).forEach((db) => db.close());
    expect(await new DexieRunStore(track(new FerryDb(name))).loadRun('r1')).toEqual(run);
    expect(await new DexieRunStore(track(new FerryDb(name))).loadRun('nope')).toBeUndefined();
  });

  it('never writes a token: bearer strings and JWTs in any text are removed, the caller object is untouched', async () => {
    const db = track(freshDb());
    const store = new DexieRunStore(db);
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhdXRoMHx4In0.c2lnbmF0dXJl';
    const run = sampleRun('r2');
    run.problem = { code: 'unauthorized', message: `Auth0 refused Authorization: Bearer ${jwt} (401)` };
    run.chunks[0].errors = [{ code: 'x', message: `token ${jwt} expired` }];
    await store.saveRun(run);
    await store.saveOutcomes('r2', [{ ...sampleOutcomes(1)[0], reason: `echo: bearer abc.def` }]);
    const written = JSON.stringify([
      await db.runs.toArray(),
      await db.outcomes.toArray(),
      await db.runCounts.toArray(),
    ]);
    expect(written).not.toMatch(/bearer/i);
    expect(written).not.toContain('eyJ');
    expect(written).toContain('Auth0 refused Authorization: [token removed] (401)');
    expect(run.problem.message).toContain(jwt);
  });

  it('replaces an outcome saved again for the same record and keeps the totals exact', async () => {
    const store = new DexieRunStore(track(freshDb()));
    await store.saveRun(sampleRun('r3'));
    await store.saveOutcomes(
      'r3',
      sampleOutcomes(10, () => 'unknown'),
    );
    await store.saveOutcomes(
      'r3',
      sampleOutcomes(4, (i) => (i % 2 ? 'failed' : 'inserted')),
    );
    const pages = await all(store.readOutcomes('r3'));
    expect(pages.flat()).toHaveLength(10);
    expect(
      pages
        .flat()
        .filter((o) => o.outcome === 'failed')
        .map((o) => o.record),
    ).toEqual([1, 3]);
    expect(await store.outcomeCounts('r3')).toEqual({
      inserted: 2,
      updated: 0,
      imported: 0,
      failed: 2,
      skipped: 0,
      unknown: 6,
    });
  });

  it('reads outcomes in bounded pages, in record order, even when the reader awaits between pages', async () => {
    const store = new DexieRunStore(track(freshDb()));
    await store.saveOutcomes('big', sampleOutcomes(12_345));
    await store.saveOutcomes('other', sampleOutcomes(7));
    const pages: RecordOutcome[][] = [];
    for await (const page of store.readOutcomes('big', 1_000)) {
      pages.push([...page]);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    expect(pages.map((p) => p.length)).toEqual([...Array(12).fill(1_000), 345]);
    const records = pages.flat().map((o) => o.record);
    expect(records).toEqual([...records].sort((a, b) => a - b));
    expect(new Set(records).size).toBe(12_345);
    expect(pages.flat()[0]).not.toHaveProperty('runId');
  });

  it('deletes a run with its outcomes and totals, leaving other runs alone', async () => {
    const db = track(freshDb());
    const store = new DexieRunStore(db);
    for (const id of ['a', 'b']) {
      await store.saveRun(sampleRun(id));
      await store.saveOutcomes(id, sampleOutcomes(50));
    }
    await store.deleteRun('a');
    expect(await store.loadRun('a')).toBeUndefined();
    expect(await db.outcomes.where('runId').equals('a').count()).toBe(0);
    expect(await db.runCounts.get('a')).toBeUndefined();
    expect(await db.outcomes.where('runId').equals('b').count()).toBe(50);
  });

  it('lets an import closed mid-run resume from IndexedDB in a new tab and account for every record', async () => {
    const name = freshDbName();
    const world = new FakeWorld();
    world.tenant.jobDurationMs = 30_000;
    const { run, records } = await plannedRun(world, userInputs('users.json', 300));
    let jobs = 0;
    const first = world.session({ afterCreate: () => ++jobs === 3 && first.crash() }, records);
    const firstTab = track(new FerryDb(name));
    void runImport(
      structuredClone(run),
      { ...first, store: new DexieRunStore(firstTab) },
      new AbortController().signal,
    );
    await expect.poll(() => jobs).toBe(3);
    firstTab.close();

    const secondStore = new DexieRunStore(track(new FerryDb(name)));
    const stored = await secondStore.loadRun(run.id);
    expect(stored?.chunks.some((chunk) => chunk.jobId !== undefined)).toBe(true);
    const second = world.session({}, records);
    const done = await runImport(stored!, { ...second, store: secondStore }, new AbortController().signal, {
      uncertain: 'check-by-email',
    });
    expect(done.status).toBe('finished');
    const report = await checkAccounting(done, secondStore.readOutcomes(run.id));
    expect(report.balanced).toBe(true);
    expect(report.counts.inserted + report.counts.imported).toBe(300);
    expect(world.tenant.users.size).toBe(300);
  });
});
