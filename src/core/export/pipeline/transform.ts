/**
 * The export transform: users in (from an export file or search pages), rows out in the chosen format, optionally
 * sorted with the external sort so any number of users fits in bounded memory. A field that fails on a user leaves an
 * empty cell and a warning naming the user; nothing here aborts an export except a cancel or a broken output.
 */
import { compileFieldList } from '../field-list';
import type { CompiledField } from '../field-spec';
import { sortRecords } from '../sort/external-sort';
import type { RunStore } from '../sort/external-sort';
import { fieldSortValue } from '../sort/sort-order';
import type { ExportOutputSpec } from './output-spec';
import { createOutputWriter } from './output-writer';
import type { TextSink } from './text-sink';

export interface TransformCounts {
  /** Users read from the source. */
  read: number;
  /** Rows written. */
  written: number;
  /** Users left out (not a user object, for import-ready output). */
  skipped: number;
  /** Empty cells caused by a failing field. */
  warnings: number;
}

export interface TransformProgress extends TransformCounts {
  phase: 'reading' | 'writing';
  bytesOut: number;
}

/** One problem with one output row, naming the user so the admin can find it. */
export interface RowProblem {
  /** 1-based row in the output (or in the input, for a skipped user). */
  row: number;
  user: string;
  column: string | null;
  message: string;
}

export interface TransformResult {
  counts: TransformCounts;
  /** The first problems (at most `maxProblems`); `counts` has the totals. */
  problems: RowProblem[];
  cancelled: boolean;
}

export interface TransformOptions {
  isCancelled(): boolean;
  onProgress(progress: TransformProgress): void;
  /** Where sorted runs wait when there are more users than `runSize`. */
  runStore?: () => RunStore<unknown>;
  runSize?: number;
}

export const maxProblems = 100;

/** How a user is named in a warning: email, else user_id, else its position. */
export function userLabel(user: unknown, position: number): string {
  if (typeof user === 'object' && user !== null) {
    const { email, user_id: id } = user as Record<string, unknown>;
    if (typeof email === 'string' && email !== '') return email;
    if (typeof id === 'string' && id !== '') return id;
  }
  return `user ${position}`;
}

/** The compiled columns and sort of a spec, or an Error naming the first problem. */
export function compileSpec(spec: ExportOutputSpec): { fields: CompiledField[]; sort: CompiledField | null } {
  const fields =
    spec.format === 'import-ready' ? { ok: true as const, fields: [] } : compileFieldList(spec.fields);
  if (!fields.ok) throw new Error(`The field list cannot be used: ${fields.problems[0].message}`);
  if (spec.sort === null) return { fields: fields.fields, sort: null };
  const sort = compileFieldList([{ source: spec.sort.source, column: 'sort' }]);
  if (!sort.ok) throw new Error(`The sort cannot be used: ${sort.problems[0].message}`);
  return { fields: fields.fields, sort: sort.fields[0] };
}

async function* counted(
  source: AsyncIterable<unknown>,
  counts: TransformCounts,
  report: () => void,
): AsyncGenerator<unknown> {
  for await (const user of source) {
    if (++counts.read % 1000 === 0) report();
    yield user;
  }
}

/** A macrotask break: a worker only sees a cancel message between tasks, and a sort of in-memory users has none. */
const yieldToMessages = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Runs the transform to the sink. The sink is closed by the caller (it owns the Blob or the file). */
export async function transformRecords(
  source: AsyncIterable<unknown>,
  spec: ExportOutputSpec,
  sink: TextSink,
  options: TransformOptions,
): Promise<TransformResult> {
  const { fields, sort } = compileSpec(spec);
  const writer = createOutputWriter(spec, fields);
  const counts: TransformCounts = { read: 0, written: 0, skipped: 0, warnings: 0 };
  const problems: RowProblem[] = [];
  const note = (problem: RowProblem) => void (problems.length < maxProblems && problems.push(problem));
  const report = () =>
    options.onProgress({
      ...counts,
      phase: counts.written + counts.skipped === 0 && counts.read > 0 && sort ? 'reading' : 'writing',
      bytesOut: sink.bytes,
    });
  let users: AsyncIterable<unknown> = counted(source, counts, report);
  if (sort) {
    users = sortRecords(users, {
      value: fieldSortValue(sort),
      direction: spec.sort?.direction ?? 'asc',
      store: options.runStore?.(),
      runSize: options.runSize,
    });
  }
  await sink.write(writer.start());
  for await (const user of users) {
    if (options.isCancelled()) return { counts, problems, cancelled: true };
    const row = writer.row(user);
    if (row.text === null) {
      counts.skipped++;
      note({
        row: counts.read,
        user: userLabel(user, counts.read),
        column: null,
        message: `Left out: ${row.skipped}`,
      });
    } else {
      await sink.write(row.text);
      counts.written++;
      for (const warning of row.warnings) {
        counts.warnings++;
        note({
          row: counts.written,
          user: userLabel(user, counts.written),
          column: warning.column,
          message: warning.message,
        });
      }
    }
    if ((counts.written + counts.skipped) % 2000 === 0) {
      report();
      await yieldToMessages();
      if (options.isCancelled()) return { counts, problems, cancelled: true };
    }
  }
  await sink.write(writer.end());
  report();
  return { counts, problems, cancelled: false };
}
