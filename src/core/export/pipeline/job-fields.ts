/**
 * What to ask the tenant for. Ferry always computes the columns itself from raw attributes (rather than letting
 * Auth0's job rename them, as `planExportJob` can) because one pipeline then serves every path: expressions, sort,
 * search results and export files dropped back in. Email and user_id always come along so warnings can name users.
 */
import { compileFieldList } from '../field-list';
import { exportableAttributes } from '../field-spec';
import { importReadyAttributes } from './output-spec';
import type { ExportOutputSpec } from './output-spec';

/** Top-level attributes to export, sorted; undefined means "every attribute" (an expression reads `user` whole). */
export function attributesToExport(spec: ExportOutputSpec): string[] | undefined {
  if (spec.format === 'import-ready') return [...importReadyAttributes];
  const sources = spec.sort
    ? [...spec.fields, { source: spec.sort.source, column: '\u0000sort' }]
    : spec.fields;
  const compiled = compileFieldList(sources);
  if (!compiled.ok) return undefined;
  const needed = new Set(['email', 'user_id']);
  for (const field of compiled.fields) {
    if (field.attributes === null) return undefined;
    for (const name of field.attributes) if (exportableAttributes.has(name)) needed.add(name);
  }
  return [...needed].sort();
}
