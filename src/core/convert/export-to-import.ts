/**
 * The safe automatic fixes that turn a user from an Auth0 export (or the old extension's export) into one an import
 * accepts: rename the extension's columns back, drop keys an import rejects, strip the `auth0|` prefix Auth0 would
 * add again, and read "true"/"false" text as booleans. Each fix is reported; values are never guessed.
 */
import type { AppliedFix } from '../workbench/contract';
import { exportOnlyKeys, extensionColumnNames, importFieldTypes } from '../schema/import-fields';

/** Stable codes of the fixes, as the summary counts them. */
export const fixCodes = {
  renamedColumns: 'fix.renamed-columns',
  droppedKeys: 'fix.export-only-keys',
  auth0Prefix: 'fix.user_id.auth0-prefix',
  booleanText: 'fix.boolean-text',
} as const;

const exportOnly: ReadonlySet<string> = new Set(exportOnlyKeys);
const booleanFields: ReadonlySet<string> = new Set(
  Object.entries(importFieldTypes)
    .filter(([, type]) => type === 'boolean')
    .map(([key]) => key),
);
const booleanText = /^\s*(true|false)\s*$/i;
const auth0Prefix = 'auth0|';

/** Whether the `auth0|` prefix can be stripped (something is left after it). */
export function hasStrippableAuth0Prefix(userId: unknown): userId is string {
  return typeof userId === 'string' && userId.startsWith(auth0Prefix) && userId.length > auth0Prefix.length;
}

/** The renamed-column target for `key`, undefined when `key` is not one of the extension's columns. */
function columnTarget(key: string): string | null | undefined {
  return Object.hasOwn(extensionColumnNames, key) ? extensionColumnNames[key] : undefined;
}

/** Keys that may call for a fix: 'always' (dropped or renamed), 'text' (a boolean field, when it holds text). */
const fixTriggers: ReadonlyMap<string, 'always' | 'text'> = new Map([
  ...[...booleanFields].map((key) => [key, 'text'] as const),
  ...[...exportOnly, ...Object.keys(extensionColumnNames)].map((key) => [key, 'always'] as const),
]);

/** A cheap first pass (one lookup per key): most records need no fix, and then no copy is made. */
export function needsFix(record: Record<string, unknown>): boolean {
  for (const key in record) {
    const trigger = fixTriggers.get(key);
    if (trigger === 'always' || (trigger === 'text' && typeof record[key] === 'string')) return true;
  }
  return hasStrippableAuth0Prefix(record.user_id);
}

interface FixNotes {
  renamed: string[];
  dropped: string[];
  booleans: string[];
}

function copyWithRenames(record: Record<string, unknown>, notes: FixNotes): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in record) {
    const target = columnTarget(key);
    if (exportOnly.has(key) || target === null) {
      notes.dropped.push(key);
    } else if (target !== undefined && !Object.hasOwn(record, target)) {
      out[target] = record[key];
      notes.renamed.push(`${key} → ${target}`);
    } else {
      // Includes a renamed column whose target is also present: left for the check to report, not guessed.
      out[key] = record[key];
    }
  }
  return out;
}

function describe(notes: FixNotes, strippedPrefix: boolean): AppliedFix[] {
  const fixes: AppliedFix[] = [];
  if (notes.renamed.length > 0) {
    fixes.push({
      code: fixCodes.renamedColumns,
      description: `Renamed columns: ${notes.renamed.join(', ')}`,
    });
  }
  if (notes.dropped.length > 0) {
    fixes.push({
      code: fixCodes.droppedKeys,
      description: `Dropped keys an import rejects: ${notes.dropped.join(', ')}`,
    });
  }
  if (strippedPrefix) {
    fixes.push({ code: fixCodes.auth0Prefix, description: 'Removed the "auth0|" prefix from user_id' });
  }
  if (notes.booleans.length > 0) {
    fixes.push({
      code: fixCodes.booleanText,
      description: `Read "true"/"false" text as booleans: ${notes.booleans.join(', ')}`,
    });
  }
  return fixes;
}

/**
 * Applies the safe fixes to one record. Returns the input object itself (and no fixes) when nothing needed fixing;
 * otherwise a new object, so the caller's record is never changed.
 */
export function fixExportedUser(record: Record<string, unknown>): {
  value: Record<string, unknown>;
  fixes: AppliedFix[];
} {
  if (!needsFix(record)) return { value: record, fixes: [] };
  const notes: FixNotes = { renamed: [], dropped: [], booleans: [] };
  const value = copyWithRenames(record, notes);
  for (const key of booleanFields) {
    const text = value[key];
    if (typeof text === 'string' && booleanText.test(text)) {
      value[key] = text.trim().toLowerCase() === 'true';
      notes.booleans.push(key);
    }
  }
  const strippedPrefix = hasStrippableAuth0Prefix(value.user_id);
  if (strippedPrefix) value.user_id = (value.user_id as string).slice(auth0Prefix.length);
  return { value, fixes: describe(notes, strippedPrefix) };
}
