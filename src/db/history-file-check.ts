/**
 * Checks a parsed history file before anything is written. Hand-written rather than Ajv: Ajv compiles schemas with
 * `new Function`, which Ferry's CSP forbids, and these few shapes read plainly as code. Each problem names where it
 * is (`runs[2].tenant`) and what was expected.
 */
import type { ImportRun, RunStatus } from '../core/import/types';
import { exportStatuses, type ExportRecord } from './export-record';
import type { FieldPreset, OutcomeRow } from './records';

const runStatuses: readonly RunStatus[] = [
  'planned',
  'running',
  'cancelling',
  'paused',
  'needs-decision',
  'finished',
  'cancelled',
];
const chunkStatuses = [
  'planned',
  'submitting',
  'pending',
  'processing',
  'completed',
  'failed',
  'uncertain',
  'cancelled',
];
const outcomeKinds = ['inserted', 'updated', 'imported', 'failed', 'skipped', 'unknown'];
const exportFormats = ['json', 'ndjson', 'csv'];

type Shape = Record<string, (value: unknown) => string | null>;

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const text = (value: unknown) => (typeof value === 'string' ? null : 'expected text');
const id = (value: unknown) => (typeof value === 'string' && value !== '' ? null : 'expected a non-empty id');
const flag = (value: unknown) => (typeof value === 'boolean' ? null : 'expected true or false');
const count = (value: unknown) =>
  Number.isInteger(value) && (value as number) >= 0 ? null : 'expected a whole number, 0 or more';
const time = (value: unknown) => (Number.isFinite(value) ? null : 'expected a time (epoch milliseconds)');
const orNull = (check: (value: unknown) => string | null) => (value: unknown) =>
  value === null ? null : check(value);
const oneOf = (allowed: readonly string[]) => (value: unknown) =>
  typeof value === 'string' && allowed.includes(value) ? null : `expected one of ${allowed.join(', ')}`;
const object = (shape: Shape) => (value: unknown) =>
  isObject(value) ? firstProblem(value, shape) : 'expected an object';
const list = (check: (value: unknown) => string | null) => (value: unknown) => {
  if (!Array.isArray(value)) return 'expected a list';
  for (let i = 0; i < value.length; i++) {
    const problem = check(value[i]);
    if (problem) return `[${i}] ${problem}`;
  }
  return null;
};

function firstProblem(value: Record<string, unknown>, shape: Shape): string | null {
  for (const [key, check] of Object.entries(shape)) {
    const problem = check(value[key]);
    if (problem) return `${key}: ${problem}`;
  }
  return null;
}

const namedThing = object({ id, name: text });
const problemShape = orNull(object({ code: text, message: text }));
const timings = object({ startedAt: orNull(time), finishedAt: orNull(time) });
const columns = list(object({ source: text, column: text }));

const runShape: Shape = {
  id,
  tenant: text,
  connection: namedThing,
  options: object({ upsert: flag, sendCompletionEmail: flag, externalId: text, chunkBytes: count }),
  files: list(object({ name: text, records: count, bytes: count })),
  chunks: list(
    object({
      index: count,
      file: text,
      firstRecord: count,
      lastRecord: count,
      recordCount: count,
      bytes: count,
      status: oneOf(chunkStatuses),
      attempts: count,
    }),
  ),
  status: oneOf(runStatuses),
  problem: problemShape,
  createdAt: time,
  timings,
};

const outcomeShape: Shape = {
  runId: id,
  file: text,
  record: count,
  line: orNull(count),
  email: orNull(text),
  outcome: oneOf(outcomeKinds),
  chunk: orNull(count),
  code: orNull(text),
  field: orNull(text),
  reason: orNull(text),
};

const exportShape: Shape = {
  id,
  tenant: text,
  connection: orNull(namedThing),
  query: orNull(text),
  fields: columns,
  format: oneOf(exportFormats),
  status: oneOf(exportStatuses),
  counts: object({ exported: count, failed: count, skipped: count }),
  fileName: orNull(text),
  jobId: orNull(text),
  problem: problemShape,
  createdAt: time,
  timings,
};

const presetShape: Shape = { tenant: text, name: id, fields: columns, updatedAt: time };

export interface CheckedHistory {
  runs: ImportRun[];
  outcomes: OutcomeRow[];
  exports: ExportRecord[];
  fieldPresets: FieldPreset[];
}

/** The problems of one section, at most `max`, each naming the item. */
function sectionProblems(doc: Record<string, unknown>, key: string, shape: Shape, max: number): string[] {
  const items = doc[key];
  if (items === undefined) return [];
  if (!Array.isArray(items)) return [`${key}: expected a list`];
  const problems: string[] = [];
  for (let i = 0; i < items.length && problems.length < max; i++) {
    const problem = isObject(items[i]) ? firstProblem(items[i], shape) : 'expected an object';
    if (problem) problems.push(`${key}[${i}].${problem}`);
  }
  return problems;
}

/** The problems of a history document's sections (empty when it can be imported). */
export function historySectionProblems(doc: Record<string, unknown>): string[] {
  const problems = [
    ...sectionProblems(doc, 'runs', runShape, 5),
    ...sectionProblems(doc, 'outcomes', outcomeShape, 5),
    ...sectionProblems(doc, 'exports', exportShape, 5),
    ...sectionProblems(doc, 'fieldPresets', presetShape, 5),
  ];
  if (problems.length > 0) return problems;
  const runIds = new Set((doc.runs as ImportRun[] | undefined)?.map((run) => run.id));
  const outcomes = (doc.outcomes as OutcomeRow[] | undefined) ?? [];
  const stray = outcomes.findIndex((outcome) => !runIds.has(outcome.runId));
  if (stray >= 0)
    problems.push(`outcomes[${stray}].runId: names run "${outcomes[stray].runId}", which is not in the file`);
  return problems;
}
