import { gzipSync } from 'node:zlib';
import type { ExportField, TenantUser } from './types';

/** Used when an export job names no fields. Auth0's own default set is not documented in the facts. */
export const defaultExportFields: ExportField[] = [
  'user_id',
  'email',
  'email_verified',
  'username',
  'name',
  'given_name',
  'family_name',
  'nickname',
  'picture',
  'created_at',
  'updated_at',
  'last_login',
  'logins_count',
  'blocked',
].map((name) => ({ name }));

export const maxCsvFields = 30;
const wholeObjects = new Set(['user_metadata', 'app_metadata', 'identities', 'multifactor']);
const isoDate = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Why these fields cannot be exported in this format, or undefined when they can. */
export function exportFieldsProblem(fields: ExportField[], format: 'json' | 'csv'): string | undefined {
  for (const field of fields) {
    if (typeof field?.name !== 'string' || !field.name)
      return "'Missing required property: name' on property fields.";
    if (field.name.length > 100)
      return `'String is too long (${field.name.length} chars), maximum 100' on property fields[].name.`;
    if (
      field.export_as !== undefined &&
      (typeof field.export_as !== 'string' || field.export_as.length > 100)
    ) {
      return "'String is too long, maximum 100' on property fields[].export_as.";
    }
  }
  if (format !== 'csv') return undefined;
  if (fields.length > maxCsvFields)
    return `CSV exports are limited to ${maxCsvFields} fields; ${fields.length} were requested.`;
  const whole = fields.find((f) => wholeObjects.has(f.name));
  if (whole)
    return `The field ${whole.name} is an object and cannot be exported to CSV; export its properties instead.`;
  return undefined;
}

/** The value at `identities[0].connection`-style paths. */
export function valueAtPath(user: TenantUser, path: string): unknown {
  let node: unknown = user;
  for (const part of path.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** One CSV cell as Auth0 writes it: strings quoted with a leading `'` (ISO dates exempt), others bare. */
function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const written = isoDate.test(text) ? text : `'${text}`;
  return `"${written.replace(/"/g, '""')}"`;
}

/** The gzip file of an export: NDJSON ("json") or CSV, one user per line. */
export function buildExportFile(
  users: TenantUser[],
  fields: ExportField[],
  format: 'json' | 'csv',
): Uint8Array {
  const lines: string[] = [];
  if (format === 'csv') {
    lines.push(fields.map((f) => `"${(f.export_as ?? f.name).replace(/"/g, '""')}"`).join(','));
    for (const user of users) lines.push(fields.map((f) => csvCell(valueAtPath(user, f.name))).join(','));
  } else {
    for (const user of users) {
      const row: Record<string, unknown> = {};
      for (const f of fields) {
        const value = valueAtPath(user, f.name);
        if (value !== undefined) row[f.export_as ?? f.name] = value;
      }
      lines.push(JSON.stringify(row));
    }
  }
  return gzipSync(lines.join('\n') + (lines.length ? '\n' : ''));
}
