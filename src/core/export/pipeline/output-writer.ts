/**
 * One output format as text pieces: what comes before the first row, each row, and what closes the file. Rows come
 * from the compiled fields (`buildRow`), except for import-ready output, which writes the whole user after the
 * converter's safe fixes.
 */
import { fixExportedUser } from '../../convert/export-to-import';
import { csvCell } from '../../formats/csv-writer';
import { buildRow, rowObject } from '../build-row';
import type { RowWarning } from '../build-row';
import type { CompiledField } from '../field-spec';
import { stableStringify } from '../stable-json';
import type { ExportOutputSpec } from './output-spec';

export interface WrittenRow {
  /** The row's text, ending in its line break; null when the record cannot be written (see `skipped`). */
  text: string | null;
  warnings: readonly RowWarning[];
  /** Why the record was left out, when it was. */
  skipped: string | null;
}

export interface OutputWriter {
  /** Text before the first row (a BOM and header, or `[`). */
  start(): string;
  row(user: unknown): WrittenRow;
  /** Text after the last row. */
  end(): string;
}

const none: readonly RowWarning[] = Object.freeze([]);

/** A CSV cell of a computed value: nested values as stable JSON text; formula protection only touches text. */
function csvValue(value: unknown, spec: ExportOutputSpec): string {
  const plain = typeof value === 'object' && value !== null ? stableStringify(value) : value;
  return csvCell(plain, spec.csv);
}

function csvWriter(spec: ExportOutputSpec, fields: readonly CompiledField[]): OutputWriter {
  const delimiter = spec.csv.delimiter;
  return {
    start: () =>
      (spec.csv.bom ? '\uFEFF' : '') +
      fields.map((f) => csvCell(f.column, { delimiter })).join(delimiter) +
      '\r\n',
    row: (user) => {
      const { values, warnings } = buildRow(user, fields);
      return { text: values.map((v) => csvValue(v, spec)).join(delimiter) + '\r\n', warnings, skipped: null };
    },
    end: () => '',
  };
}

/** Joins JSON rows as an array with one record per line (diffable), or as NDJSON. */
function jsonWriter(array: boolean, toText: (user: unknown) => WrittenRow): OutputWriter {
  let rows = 0;
  return {
    start: () => '',
    row: (user) => {
      const written = toText(user);
      if (written.text === null) return written;
      const text = array ? (rows++ === 0 ? '[\n' : ',\n') + written.text : written.text + '\n';
      return { ...written, text };
    },
    end: () => (!array ? '' : rows === 0 ? '[]\n' : '\n]\n'),
  };
}

function importReadyRow(user: unknown): WrittenRow {
  if (typeof user !== 'object' || user === null || Array.isArray(user)) {
    return { text: null, warnings: none, skipped: 'not a user object' };
  }
  return {
    text: JSON.stringify(fixExportedUser(user as Record<string, unknown>).value),
    warnings: none,
    skipped: null,
  };
}

/** The writer for a spec; `fields` must be the compiled `spec.fields` (unused for import-ready). */
export function createOutputWriter(spec: ExportOutputSpec, fields: readonly CompiledField[]): OutputWriter {
  if (spec.format === 'csv') return csvWriter(spec, fields);
  if (spec.format === 'import-ready') return jsonWriter(true, importReadyRow);
  return jsonWriter(spec.format === 'json', (user) => {
    const { values, warnings } = buildRow(user, fields);
    return { text: JSON.stringify(rowObject(fields, values)), warnings, skipped: null };
  });
}
