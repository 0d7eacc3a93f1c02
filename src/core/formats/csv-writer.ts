/**
 * A generic RFC 4180 CSV writer: quotes only when needed, CRLF line ends, optional BOM for Excel, nested values as
 * JSON text, and optional protection against spreadsheet formula injection. Streaming-friendly: the header and each
 * row are separate strings, so callers can append them to a BlobBuilder one at a time.
 */

export interface CsvWriteOptions {
  /** Default ','. */
  delimiter?: string;
  /** Start with a UTF-8 BOM so Excel reads the file as UTF-8. Default false. */
  bom?: boolean;
  /** Prefix `'` to string cells starting with = + - @ tab or CR, so spreadsheets do not run them. Default false. */
  formulaProtection?: boolean;
}

/** A column: an attribute path (`email`, `user_metadata.plan`, `identities[0].connection`) and its header. */
export interface CsvColumnSpec {
  path: string;
  header?: string;
}

/** Columns compiled once: the path split into keys and array indexes. */
export interface CompiledCsvColumns {
  headers: string[];
  paths: (string | number)[][];
}

export function compileCsvColumns(columns: readonly CsvColumnSpec[]): CompiledCsvColumns {
  return {
    headers: columns.map((column) => column.header ?? column.path),
    paths: columns.map((column) => parsePath(column.path)),
  };
}

function parsePath(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  for (const part of path.split('.')) {
    const match = /^(.*?)((?:\[\d+\])+)$/.exec(part);
    if (!match) {
      segments.push(part);
      continue;
    }
    if (match[1]) segments.push(match[1]);
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) segments.push(Number(index[1]));
  }
  return segments;
}

/** The value at a path, undefined when any step is missing. Only own properties are followed. */
export function valueAtPath(record: unknown, path: readonly (string | number)[]): unknown {
  let node = record;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    if (typeof key === 'number' ? !Array.isArray(node) : !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

const formulaStart = /^[=+\-@\t\r]/;

/** One cell as CSV text (quoted when needed). Absent and null are empty; false and 0 are written as they are. */
export function csvCell(value: unknown, options: CsvWriteOptions = {}): string {
  let text: string;
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') {
    text = options.formulaProtection && formulaStart.test(value) ? `'${value}` : value;
  } else if (typeof value === 'object') {
    text = JSON.stringify(value);
  } else {
    text = String(value);
  }
  return needsQuotes(text, options.delimiter ?? ',') ? `"${text.replaceAll('"', '""')}"` : text;
}

function needsQuotes(text: string, delimiter: string): boolean {
  return (
    text.includes(delimiter) ||
    text.includes('"') ||
    text.includes('\n') ||
    text.includes('\r') ||
    (text.length > 0 && (text[0] === ' ' || text[text.length - 1] === ' '))
  );
}

/** The header line (with the BOM first when asked), ending in CRLF. */
export function csvHeaderLine(columns: CompiledCsvColumns, options: CsvWriteOptions = {}): string {
  const line = columns.headers.map((header) => csvCell(header, { ...options, formulaProtection: false }));
  return (options.bom ? '\uFEFF' : '') + line.join(options.delimiter ?? ',') + '\r\n';
}

/** One record as a CSV line ending in CRLF. */
export function csvRowLine(
  record: unknown,
  columns: CompiledCsvColumns,
  options: CsvWriteOptions = {},
): string {
  const cells = columns.paths.map((path) => csvCell(valueAtPath(record, path), options));
  return cells.join(options.delimiter ?? ',') + '\r\n';
}

/** The whole CSV as a sequence of strings (header, then one per row): append them to a BlobBuilder or a stream. */
export function* writeCsv(
  rows: Iterable<unknown>,
  columns: readonly CsvColumnSpec[],
  options: CsvWriteOptions = {},
): Generator<string, void, undefined> {
  const compiled = compileCsvColumns(columns);
  yield csvHeaderLine(compiled, options);
  for (const row of rows) yield csvRowLine(row, compiled, options);
}
