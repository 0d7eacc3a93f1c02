import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { saveExport } from './export-store';
import { saveFieldPreset } from './field-presets';
import { exportHistoryFile, HistoryFileError, importHistoryFile } from './history-file';
import { listHistory } from './history-list';
import { DexieRunStore } from './run-store';
import { freshDb, sampleExport, sampleOutcomes, sampleRun } from './testing/fixtures';

async function filled() {
  const db = freshDb();
  const store = new DexieRunStore(db);
  await store.saveRun(sampleRun('r1', 'acme.eu.auth0.com', 1_000));
  await store.saveOutcomes(
    'r1',
    sampleOutcomes(2_500, (i) => (i % 10 === 0 ? 'failed' : 'inserted')),
  );
  await saveExport(db, sampleExport('e1'));
  await saveFieldPreset(
    db,
    { tenant: 'acme.eu.auth0.com', name: 'Basics', fields: [{ source: 'email', column: 'Email' }] },
    7,
  );
  return db;
}

async function importError(text: string): Promise<HistoryFileError> {
  const error = await importHistoryFile(freshDb(), text).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(HistoryFileError);
  return error as HistoryFileError;
}

describe('history file', () => {
  it('exports everything as one versioned JSON document that another browser imports as it was', async () => {
    const source = await filled();
    const text = await (await exportHistoryFile(source, Date.UTC(2026, 1, 3))).text();
    const doc = JSON.parse(text);
    expect(doc).toMatchObject({
      format: 'ferry-history',
      version: 1,
      exportedAt: '2026-02-03T00:00:00.000Z',
    });
    expect(doc.runs.map((r: { id: string }) => r.id)).toEqual(['r1']);
    expect(doc.outcomes).toHaveLength(2_500);
    expect(doc.outcomes[0]).toMatchObject({ runId: 'r1', file: 'users.json', record: 0, outcome: 'failed' });
    expect(doc.exports[0].id).toBe('e1');
    expect(doc.fieldPresets[0]).toMatchObject({ name: 'Basics', updatedAt: 7 });

    const target = freshDb();
    expect(await importHistoryFile(target, text)).toEqual({
      runs: 1,
      outcomes: 2_500,
      exports: 1,
      fieldPresets: 1,
    });
    expect(await listHistory(target)).toEqual(await listHistory(source));
    expect(await target.runs.get('r1')).toEqual(await source.runs.get('r1'));
    expect((await target.runCounts.get('r1'))?.counts).toMatchObject({ failed: 250, inserted: 2_250 });
  });

  it('merges by id: importing twice changes nothing, a newer copy of an entry replaces the stored one', async () => {
    const db = await filled();
    const text = await (await exportHistoryFile(db)).text();
    await importHistoryFile(db, text);
    await importHistoryFile(db, text);
    expect(await db.runs.count()).toBe(1);
    expect(await db.outcomes.count()).toBe(2_500);
    expect((await db.runCounts.get('r1'))?.counts.failed).toBe(250);
    const doc = JSON.parse(text);
    doc.exports[0].status = 'failed';
    doc.exports[0].problem = { code: 'x', message: 'Auth0 said: Bearer eyJabcdefgh.eyJx.sig' };
    await importHistoryFile(db, JSON.stringify(doc));
    const stored = await db.exports.get('e1');
    expect(stored?.status).toBe('failed');
    expect(stored?.problem?.message).toBe('Auth0 said: [token removed]');
  });

  it('refuses a bad file with a clear message and writes nothing', async () => {
    expect((await importError('{"format": "ferry-hist')).message).toMatch(/not JSON/);
    expect((await importError('[1,2]')).message).toMatch(/not a Ferry history file/);
    expect((await importError('{"format":"ferry-history","version":9}')).message).toMatch(
      /newer Ferry \(format version 9\)/,
    );
    const doc = {
      format: 'ferry-history',
      version: 1,
      runs: [sampleRun('r1')],
      exports: [sampleExport('e1')],
    };
    (doc.runs[0] as unknown as Record<string, unknown>).createdAt = 'yesterday';
    (doc.exports[0] as unknown as Record<string, unknown>).format = 'xml';
    const error = await importError(JSON.stringify(doc));
    expect(error.problems).toEqual([
      'runs[0].createdAt: expected a time (epoch milliseconds)',
      'exports[0].format: expected one of json, ndjson, csv',
    ]);
    const stray = {
      format: 'ferry-history',
      version: 1,
      runs: [],
      outcomes: [{ ...sampleOutcomes(1)[0], runId: 'ghost' }],
    };
    expect((await importError(JSON.stringify(stray))).problems).toEqual([
      'outcomes[0].runId: names run "ghost", which is not in the file',
    ]);
    const db = freshDb();
    await importHistoryFile(db, JSON.stringify(doc)).catch(() => undefined);
    expect(await db.runs.count()).toBe(0);
  });
});
