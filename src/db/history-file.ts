/**
 * The whole history as one JSON document, to keep, move to another browser, or attach to a support request:
 * `{format: 'ferry-history', version, exportedAt, runs, outcomes, exports, fieldPresets}`. Importing merges by id.
 */
import { BlobBuilder } from '../core/formats/blob-builder';
import type { RecordOutcome } from '../core/import/types';
import type { FerryDb } from './ferry-db';
import { historySectionProblems, type CheckedHistory } from './history-file-check';
import { redactSecrets } from './redact-secrets';
import { DexieRunStore } from './run-store';

export const historyFileFormat = 'ferry-history';
export const historyFileVersion = 1;

/** A history file that cannot be imported: `problems` say where and what, for the user. */
export class HistoryFileError extends Error {
  readonly problems: string[];

  constructor(summary: string, problems: string[] = []) {
    super(summary);
    this.name = 'HistoryFileError';
    this.problems = problems;
  }
}

/** Writes the document section by section; outcomes are read a page at a time so a big history is never all in memory. */
export async function exportHistoryFile(db: FerryDb, now = Date.now()): Promise<Blob> {
  const out = new BlobBuilder();
  const store = new DexieRunStore(db);
  out.append(
    `{"format":"${historyFileFormat}","version":${historyFileVersion},"exportedAt":${JSON.stringify(new Date(now).toISOString())}`,
  );
  const runs = await db.runs.orderBy('createdAt').toArray();
  appendList(out, 'runs', runs);
  out.append(',\n"outcomes":[');
  let first = true;
  for (const run of runs) {
    for await (const page of store.readOutcomes(run.id)) {
      for (const outcome of page) {
        out.append((first ? '\n' : ',\n') + JSON.stringify({ runId: run.id, ...outcome }));
        first = false;
      }
    }
  }
  out.append('\n]');
  appendList(out, 'exports', await db.exports.orderBy('createdAt').toArray());
  appendList(out, 'fieldPresets', await db.fieldPresets.toArray());
  out.append('\n}\n');
  return out.toBlob('application/json');
}

function appendList(out: BlobBuilder, key: string, items: readonly unknown[]): void {
  out.append(`,\n${JSON.stringify(key)}:[`);
  items.forEach((item, i) => out.append((i === 0 ? '\n' : ',\n') + JSON.stringify(item)));
  out.append('\n]');
}

/** Parses and checks a history file; throws HistoryFileError with problems that name the entry and field. */
export function parseHistoryFile(text: string): CheckedHistory {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new HistoryFileError('This file is not JSON. Choose a file saved with "Export history".');
  }
  if (
    doc === null ||
    typeof doc !== 'object' ||
    Array.isArray(doc) ||
    (doc as { format?: unknown }).format !== historyFileFormat
  ) {
    throw new HistoryFileError(
      'This is not a Ferry history file (it has no "format": "ferry-history"). Choose a file saved with "Export history".',
    );
  }
  const record = doc as Record<string, unknown>;
  const version = record.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new HistoryFileError('The history file has no valid "version" number.');
  }
  if (version > historyFileVersion) {
    throw new HistoryFileError(
      `This history file was written by a newer Ferry (format version ${version}); this one reads version ${historyFileVersion}. Update Ferry, then import it.`,
    );
  }
  const problems = historySectionProblems(record);
  if (problems.length > 0) {
    throw new HistoryFileError(
      'The history file has entries Ferry cannot read; nothing was imported.',
      problems,
    );
  }
  const section = <T>(key: string): T[] => (record[key] as T[] | undefined) ?? [];
  return {
    runs: section('runs'),
    outcomes: section('outcomes'),
    exports: section('exports'),
    fieldPresets: section('fieldPresets'),
  };
}

export interface HistoryImportResult {
  runs: number;
  outcomes: number;
  exports: number;
  fieldPresets: number;
}

/** Checks, then merges: an entry with the same id (a preset with the same tenant and name) is replaced. */
export async function importHistoryFile(db: FerryDb, text: string): Promise<HistoryImportResult> {
  const history = parseHistoryFile(text);
  const store = new DexieRunStore(db);
  await db.transaction('rw', db.runs, db.exports, db.fieldPresets, async () => {
    await db.runs.bulkPut(history.runs.map(redactSecrets));
    await db.exports.bulkPut(history.exports.map(redactSecrets));
    await db.fieldPresets.bulkPut(history.fieldPresets.map(redactSecrets));
  });
  const byRun = new Map<string, RecordOutcome[]>();
  for (const { runId, ...outcome } of history.outcomes) {
    const list = byRun.get(runId) ?? [];
    list.push(outcome);
    byRun.set(runId, list);
  }
  for (const [runId, outcomes] of byRun) await store.saveOutcomes(runId, outcomes);
  return {
    runs: history.runs.length,
    outcomes: history.outcomes.length,
    exports: history.exports.length,
    fieldPresets: history.fieldPresets.length,
  };
}
