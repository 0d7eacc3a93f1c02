/**
 * What an export writes: the output format, its CSV options, the columns and the sort. Plain data, so it crosses
 * to the export worker as is and can be stored with the export's history record.
 */
import type { CsvWriteOptions } from '../../formats/csv-writer';
import type { ExportField } from '../field-spec';
import type { SortDirection } from '../sort/sort-order';

/** `import-ready` is a JSON array of whole user records fixed so that an import accepts them unchanged. */
export type OutputFormat = 'json' | 'ndjson' | 'csv' | 'import-ready';

export const outputFormats: readonly { id: OutputFormat; label: string }[] = [
  { id: 'csv', label: 'CSV (spreadsheets)' },
  { id: 'json', label: 'JSON array' },
  { id: 'ndjson', label: 'NDJSON (one user per line)' },
  { id: 'import-ready', label: 'Auth0 import-ready JSON' },
];

export interface ExportSort {
  /** An attribute path or an expression, like a field's source. */
  source: string;
  direction: SortDirection;
}

export interface ExportOutputSpec {
  format: OutputFormat;
  /** Ignored by `import-ready`, which writes whole records. */
  fields: ExportField[];
  sort: ExportSort | null;
  csv: Required<CsvWriteOptions>;
}

export const defaultCsvOptions: Required<CsvWriteOptions> = {
  delimiter: ',',
  bom: false,
  formulaProtection: true,
};

/** The attributes an import-ready export needs from Auth0: everything an import accepts that an export can hold. */
export const importReadyAttributes: readonly string[] = [
  'app_metadata',
  'blocked',
  'email',
  'email_verified',
  'family_name',
  'given_name',
  'name',
  'nickname',
  'phone_number',
  'phone_verified',
  'picture',
  'user_id',
  'user_metadata',
  'username',
];

const extensions: Record<OutputFormat, string> = {
  json: 'json',
  ndjson: 'ndjson',
  csv: 'csv',
  'import-ready': 'import.json',
};

const mimeTypes: Record<OutputFormat, string> = {
  json: 'application/json',
  ndjson: 'application/x-ndjson',
  csv: 'text/csv',
  'import-ready': 'application/json',
};

/** A file name for the output: `users-<what>-<date>.<ext>`, with anything unsafe in a name replaced. */
export function outputFileName(format: OutputFormat, what: string, epochMs: number): string {
  const safe = what.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'all';
  const stamp = new Date(epochMs).toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return `users-${safe.slice(0, 60)}-${stamp}.${extensions[format]}`;
}

export function outputMimeType(format: OutputFormat): string {
  return mimeTypes[format];
}
