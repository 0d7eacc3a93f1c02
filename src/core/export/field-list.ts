/**
 * Checking a whole list of export fields, and deciding what the export job is asked for: the columns themselves
 * (when Auth0 can produce every one) or the raw attributes Ferry needs to compute them locally.
 */
import { compileField, exportableAttributes, isFieldProblem } from './field-spec';
import type { CompiledField, ExportField, FieldProblem } from './field-spec';

export type CompiledFieldList =
  { ok: true; fields: CompiledField[]; warnings: FieldProblem[] } | { ok: false; problems: FieldProblem[] };

/** Auth0's limits on `fields[].name` and `fields[].export_as`, and on CSV export columns (auth0-facts section 3). */
export const maxJobFieldLength = 100;
export const maxCsvJobFields = 30;

function warning(field: number, code: string, message: string, hint: string): FieldProblem {
  return { field, code, severity: 'warning', message, hint, index: null };
}

function columnProblems(fields: readonly ExportField[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const firstSeen = new Map<string, number>();
  fields.forEach((field, i) => {
    const column = field.column.trim();
    if (column === '') {
      problems.push({
        field: i,
        code: 'column.empty',
        severity: 'error',
        message: `Field ${i + 1} (${field.source}) has no column name`,
        hint: 'Give every column a name.',
        index: null,
      });
      return;
    }
    const earlier = firstSeen.get(column);
    if (earlier !== undefined) {
      problems.push({
        field: i,
        code: 'column.duplicate',
        severity: 'error',
        message: `Column "${column}" is used by fields ${earlier + 1} and ${i + 1}`,
        hint: 'Column names must be unique: rename one.',
        index: null,
      });
    } else {
      firstSeen.set(column, i);
    }
  });
  return problems;
}

/**
 * Validates and compiles a field list. Errors (empty field or column, duplicate column, bad expression) make it
 * unusable; warnings (an attribute Auth0 never exports) do not.
 */
export function compileFieldList(fields: readonly ExportField[]): CompiledFieldList {
  const problems: FieldProblem[] =
    fields.length === 0
      ? [
          {
            field: 0,
            code: 'fields.none',
            severity: 'error',
            message: 'No fields to export',
            hint: 'Add a field, or add the default fields.',
            index: null,
          },
        ]
      : [];
  problems.push(...columnProblems(fields));
  const compiled: CompiledField[] = [];
  fields.forEach((field, i) => {
    const result = compileField(field, i);
    if (isFieldProblem(result)) return problems.push(result);
    compiled.push({ ...result, column: field.column.trim() });
    const unknown = (result.attributes ?? []).filter((name) => !exportableAttributes.has(name));
    for (const name of unknown) {
      problems.push(
        warning(
          i,
          'field.unknown-attribute',
          `Field ${i + 1} (${field.column}) reads '${name}', which Auth0 does not export: the column will be empty`,
          `Exportable attributes: ${[...exportableAttributes].join(', ')}.`,
        ),
      );
    }
  });
  if (problems.some((p) => p.severity === 'error')) return { ok: false, problems };
  return { ok: true, fields: compiled, warnings: problems };
}

/** What to ask Auth0's export job for. */
export interface ExportJobPlan {
  /** The job's `format`: local evaluation always asks for JSON (NDJSON), where nested values survive. */
  format: 'json' | 'csv';
  /** The job's `fields`; undefined asks for every attribute. */
  fields: Array<{ name: string; export_as?: string }> | undefined;
  /** True when Ferry must compute the columns from the exported records with `buildRow`. */
  evaluateLocally: boolean;
  /** Why the columns are computed locally (empty when Auth0 produces them). */
  reasons: string[];
}

export interface ExportJobOptions {
  format: 'json' | 'csv';
  /** Sorting happens locally (the job cannot sort), so its attributes must be exported too. */
  sort?: CompiledField;
}

const wholeObjects = new Set(['app_metadata', 'user_metadata', 'identities', 'multifactor']);

function localReasons(fields: readonly CompiledField[], options: ExportJobOptions): string[] {
  const reasons: string[] = [];
  const expressions = fields.filter((f) => f.path === null).map((f) => f.column);
  if (expressions.length > 0) reasons.push(`expressions are computed by Ferry: ${expressions.join(', ')}`);
  const long = fields.filter(
    (f) => f.path !== null && (f.path.length > maxJobFieldLength || f.column.length > maxJobFieldLength),
  );
  if (long.length > 0)
    reasons.push(
      `Auth0 accepts names up to ${maxJobFieldLength} characters: ${long.map((f) => f.column.slice(0, 40)).join(', ')}`,
    );
  if (options.sort) reasons.push('the export job cannot sort: Ferry sorts the records');
  if (options.format === 'csv' && fields.length > maxCsvJobFields)
    reasons.push(`Auth0's CSV export allows at most ${maxCsvJobFields} columns`);
  if (options.format === 'csv' && fields.some((f) => f.path !== null && wholeObjects.has(f.path))) {
    reasons.push("Auth0's CSV export cannot hold whole objects such as user_metadata");
  }
  return reasons;
}

/**
 * Plans the export job for a field list. When Auth0 can produce every column, the job gets `{name, export_as}` per
 * field; otherwise it gets the top-level attributes the fields (and the sort) read, unrenamed, in JSON format.
 */
export function planExportJob(fields: readonly CompiledField[], options: ExportJobOptions): ExportJobPlan {
  const reasons = localReasons(fields, options);
  if (reasons.length === 0) {
    return {
      format: options.format,
      fields: fields.map((f) => ({ name: f.path as string, export_as: f.column })),
      evaluateLocally: false,
      reasons,
    };
  }
  const needed = new Set<string>();
  for (const field of options.sort ? [...fields, options.sort] : fields) {
    if (field.attributes === null)
      return { format: 'json', fields: undefined, evaluateLocally: true, reasons };
    for (const name of field.attributes) if (exportableAttributes.has(name)) needed.add(name);
  }
  // An empty list might read as "every attribute": ask for one small attribute instead.
  if (needed.size === 0) needed.add('user_id');
  return {
    format: 'json',
    fields: [...needed].sort().map((name) => ({ name })),
    evaluateLocally: true,
    reasons,
  };
}
