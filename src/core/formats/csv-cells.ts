import { extensionColumnNames, importFieldTypes, type ImportFieldType } from '../schema/import-fields';

/** A CSV column: where its cells go in the record and what type the import schema expects there. */
export interface CsvColumn {
  header: string;
  /** Attribute path: `email`, `user_metadata.plan` (nested object), or a header kept as is. */
  path: string[];
  /** The import type of a top-level field, null for nested or unknown keys. */
  type: ImportFieldType | null;
}

/**
 * Columns from the header row. Headers are attribute paths; the extension's column names ("Given Name") map back to
 * import keys. A column that maps to no import key keeps its name, so the checker can report or drop it.
 */
export function csvColumns(headers: readonly string[]): CsvColumn[] {
  return headers.map((raw, i) => {
    const header = raw.trim() || `column ${i + 1}`;
    const mapped = Object.hasOwn(extensionColumnNames, header) ? extensionColumnNames[header] : undefined;
    const path = typeof mapped === 'string' ? [mapped] : mapped === null ? [header] : header.split('.');
    const type = path.length === 1 && Object.hasOwn(importFieldTypes, path[0]) ? typeOf(path[0]) : null;
    return { header, path, type };
  });
}

function typeOf(key: string): ImportFieldType {
  return (importFieldTypes as Record<string, ImportFieldType>)[key];
}

/** Cells that say nothing about escaping: booleans, numbers, ISO dates (Auth0 exports leave these unprefixed). */
const unescapedValue =
  /^(?:true|false|-?\d+(?:\.\d+)?|\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?)$/;

/**
 * True when every string cell in the sample starts with `'`: an Auth0 CSV export, which prefixes string values
 * against spreadsheet formula injection. Decided per file, so a file with one value like "'quoted" is left alone.
 */
export function detectAuth0Escaping(rows: readonly (readonly string[])[]): boolean {
  let prefixed = 0;
  for (const row of rows) {
    for (const cell of row) {
      if (cell === '' || unescapedValue.test(cell)) continue;
      if (cell.charCodeAt(0) !== 0x27) return false;
      prefixed++;
    }
  }
  return prefixed > 0;
}

/** Builds the record for one row. Empty cells are absent keys. */
export function recordFromCells(
  cells: readonly string[],
  columns: readonly CsvColumn[],
  unescape: boolean,
): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  const count = Math.min(cells.length, columns.length);
  for (let i = 0; i < count; i++) {
    let cell = cells[i];
    if (unescape && cell.charCodeAt(0) === 0x27) cell = cell.slice(1);
    if (cell === '') continue;
    setPath(record, columns[i].path, typedCell(cell, columns[i].type));
  }
  return record;
}

const booleanCells: Readonly<Record<string, boolean>> = {
  true: true,
  TRUE: true,
  True: true,
  '1': true,
  false: false,
  FALSE: false,
  False: false,
  '0': false,
};

/** A cell typed by what the schema expects; a value that does not fit stays a string for the checker to report. */
export function typedCell(cell: string, type: ImportFieldType | null): unknown {
  if (type === 'boolean' && Object.hasOwn(booleanCells, cell)) return booleanCells[cell];
  const first = cell.charCodeAt(0);
  if (first === 0x7b || first === 0x5b || type === 'object' || type === 'array') {
    try {
      return JSON.parse(cell);
    } catch {
      return cell;
    }
  }
  return cell;
}

/** Sets a nested value; keys come from the file, so `__proto__` is defined as an own property, never assigned. */
function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (let i = 0; i < path.length - 1; i++) {
    const existing = Object.hasOwn(node, path[i]) ? node[path[i]] : undefined;
    if (typeof existing === 'object' && existing !== null && !Array.isArray(existing)) {
      node = existing as Record<string, unknown>;
    } else {
      const child: Record<string, unknown> = {};
      setOwn(node, path[i], child);
      node = child;
    }
  }
  setOwn(node, path[path.length - 1], value);
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}
