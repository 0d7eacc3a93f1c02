/**
 * Turning one exported user into one row of the output: a value per column, computed by the compiled fields.
 * A field that fails on this user leaves its cell empty and adds a warning; it never stops the export.
 */
import { EvaluationError } from './expression/expression-builtins';
import type { CompiledField } from './field-spec';
import { stableStringify } from './stable-json';

/** Why one cell of one row is empty. */
export interface RowWarning {
  /** 0-based position of the field. */
  field: number;
  column: string;
  message: string;
}

export interface BuiltRow {
  /** One value per field, as computed: `false` and `0` stay as they are; `undefined` means an empty cell. */
  values: unknown[];
  /** Empty for most rows (a shared frozen array, so no allocation per row). */
  warnings: readonly RowWarning[];
}

const noWarnings: readonly RowWarning[] = Object.freeze([]);

/** Computes every column for one user. */
export function buildRow(user: unknown, fields: readonly CompiledField[]): BuiltRow {
  const values = new Array<unknown>(fields.length);
  let warnings: RowWarning[] | null = null;
  for (let i = 0; i < fields.length; i++) {
    try {
      values[i] = fields[i].evaluate(user);
    } catch (error) {
      // Only an expression's own failure is a row warning; anything else is a bug and must surface.
      if (!(error instanceof EvaluationError)) throw error;
      values[i] = undefined;
      (warnings ??= []).push({ field: i, column: fields[i].column, message: error.message });
    }
  }
  return { values, warnings: warnings ?? noWarnings };
}

/** The text of a value in a CSV cell: nested values as stable JSON text, missing values as ''. */
export function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return stableStringify(value) ?? '';
  return String(value);
}

/** A row as a JSON object keyed by column; empty cells are left out, as in Auth0's own exports. */
export function rowObject(
  fields: readonly CompiledField[],
  values: readonly unknown[],
): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (let i = 0; i < fields.length; i++) {
    if (values[i] !== undefined) {
      Object.defineProperty(row, fields[i].column, {
        value: values[i],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return row;
}
