import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { saveExport, loadExport, updateExport } from './export-store';
import { deleteFieldPreset, listFieldPresets, loadFieldPreset, saveFieldPreset } from './field-presets';
import { freshDb, sampleExport } from './testing/fixtures';

describe('field presets and export records', () => {
  it('keeps presets per tenant and name, replacing on save, sorted by name', async () => {
    const db = freshDb();
    const fields = [{ source: 'user.user_metadata.plan || "free"', column: 'Plan' }];
    await saveFieldPreset(db, { tenant: 'a.auth0.com', name: ' Zeta ', fields }, 1);
    await saveFieldPreset(db, { tenant: 'a.auth0.com', name: 'Alpha', fields: [] }, 2);
    await saveFieldPreset(db, { tenant: 'b.auth0.com', name: 'Alpha', fields }, 3);
    await saveFieldPreset(db, { tenant: 'a.auth0.com', name: 'Alpha', fields }, 4);
    expect((await listFieldPresets(db, 'a.auth0.com')).map((p) => [p.name, p.updatedAt])).toEqual([
      ['Alpha', 4],
      ['Zeta', 1],
    ]);
    expect((await loadFieldPreset(db, 'b.auth0.com', 'Alpha'))?.fields).toEqual(fields);
    await deleteFieldPreset(db, 'a.auth0.com', 'Zeta');
    expect(await listFieldPresets(db, 'a.auth0.com')).toHaveLength(1);
    await expect(saveFieldPreset(db, { tenant: 'a', name: '  ', fields })).rejects.toThrow(
      'A preset needs a name.',
    );
    await expect(
      saveFieldPreset(db, { tenant: 'a', name: 'X', fields: [{ source: 'email', column: '' }] }),
    ).rejects.toThrow('Column 1 of preset "X" needs both a source and a column name.');
  });

  it('updates an export record as the export runs', async () => {
    const db = freshDb();
    await saveExport(db, { ...sampleExport('e1'), status: 'running', fileName: null });
    expect(
      await updateExport(db, 'e1', {
        status: 'finished',
        fileName: 'users.csv',
        counts: { exported: 9, failed: 0, skipped: 1 },
      }),
    ).toBe(true);
    expect(await updateExport(db, 'missing', { status: 'failed' })).toBe(false);
    expect(await loadExport(db, 'e1')).toMatchObject({
      status: 'finished',
      fileName: 'users.csv',
      counts: { exported: 9 },
    });
  });
});
