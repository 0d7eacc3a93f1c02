import { describe, expect, it } from 'vitest';
import { attributesToExport } from './job-fields';
import { defaultCsvOptions } from './output-spec';
import type { ExportOutputSpec } from './output-spec';

const spec = (over: Partial<ExportOutputSpec>): ExportOutputSpec => ({
  format: 'csv',
  fields: [],
  sort: null,
  csv: defaultCsvOptions,
  ...over,
});

describe('attributesToExport', () => {
  it('asks for the top-level attributes the fields and the sort read, plus email and user_id', () => {
    const fields = [
      { source: 'identities[0].connection', column: 'Connection' },
      { source: 'user.user_metadata.plan || user.name', column: 'Plan' },
    ];
    expect(attributesToExport(spec({ fields, sort: { source: 'created_at', direction: 'desc' } }))).toEqual([
      'created_at',
      'email',
      'identities',
      'name',
      'user_id',
      'user_metadata',
    ]);
  });

  it('asks for every importable attribute for import-ready output', () => {
    expect(attributesToExport(spec({ format: 'import-ready' }))).toContain('app_metadata');
    expect(attributesToExport(spec({ format: 'import-ready' }))).not.toContain('created_at');
  });
});
