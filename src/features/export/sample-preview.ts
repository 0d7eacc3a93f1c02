/** The "Export a sample" preview: the rows the export would write for 10 users, as text cells. */
import { buildRow, cellText } from '../../core/export/build-row';
import { fixExportedUser } from '../../core/convert/export-to-import';
import { compileSpec } from '../../core/export/pipeline/transform';
import type { ExportOutputSpec } from '../../core/export/pipeline/output-spec';
import { fieldSortValue, sortInMemory } from '../../core/export/sort/sort-order';

export interface SamplePreview {
  columns: string[];
  rows: string[][];
  /** Problems, each naming the user and column. */
  warnings: string[];
  /** For import-ready output: the records as they will be written. */
  json: string | null;
}

/** Builds the preview; never throws on user data (a failing field gives an empty cell and a warning). */
export function buildSample(users: readonly unknown[], spec: ExportOutputSpec): SamplePreview {
  const { fields, sort } = compileSpec(spec);
  const ordered = sort
    ? sortInMemory(users, fieldSortValue(sort), spec.sort?.direction ?? 'asc')
    : [...users];
  if (spec.format === 'import-ready') {
    const records = ordered.map((user) => fixExportedUser(user as Record<string, unknown>).value);
    return { columns: [], rows: [], warnings: [], json: JSON.stringify(records, null, 2) };
  }
  const warnings: string[] = [];
  const rows = ordered.map((user, i) => {
    const row = buildRow(user, fields);
    const email = (user as { email?: unknown }).email;
    for (const w of row.warnings)
      warnings.push(
        `Row ${i + 1} (${typeof email === 'string' ? email : 'no email'}), column ${w.column}: ${w.message}`,
      );
    return row.values.map(cellText);
  });
  return { columns: fields.map((f) => f.column), rows, warnings, json: null };
}
