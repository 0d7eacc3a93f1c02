/**
 * The export's column list as the admin edits it: add, change, delete, reorder, add the default fields, replace from
 * a saved preset. Problems (bad expressions, duplicate columns) are recomputed as the admin types.
 */
import { compileFieldList } from '../../core/export/field-list';
import { defaultExportFields } from '../../core/export/field-spec';
import type { ExportField, FieldProblem } from '../../core/export/field-spec';

export interface FieldRow extends ExportField {
  /** Stable key for the list, so focus and animations follow a row when it moves. */
  id: number;
}

export class FieldEditor {
  #rows = $state<FieldRow[]>([]);
  #nextId = 1;
  readonly #problems = $derived.by((): FieldProblem[] => {
    const result = compileFieldList(this.fields);
    return result.ok ? result.warnings : result.problems;
  });

  get rows(): readonly FieldRow[] {
    return this.#rows;
  }
  /** The fields as plain data (for the worker, presets and history). */
  get fields(): ExportField[] {
    return this.#rows.map(({ source, column }) => ({ source, column }));
  }
  get problems(): readonly FieldProblem[] {
    return this.#problems;
  }
  get valid(): boolean {
    return !this.#problems.some((p) => p.severity === 'error');
  }
  /** Problems of one row (by position), for the message under it. */
  problemsAt(index: number): FieldProblem[] {
    return this.#problems.filter(
      (p) => p.field === index && (p.code !== 'fields.none' || this.#rows.length > 0),
    );
  }

  add(source = '', column = ''): number {
    const id = this.#nextId++;
    this.#rows.push({ id, source, column });
    return id;
  }
  /** Appends the extension's default fields that are not in the list yet. */
  addDefaults(): void {
    const present = this.#rows.map((row) => row.source.trim());
    for (const field of defaultExportFields())
      if (!present.includes(field.source)) this.add(field.source, field.column);
  }
  update(id: number, change: Partial<ExportField>): void {
    const row = this.#rows.find((r) => r.id === id);
    if (!row) return;
    if (change.source !== undefined) {
      // A new row's column follows its attribute until the admin names it.
      if (row.column === '' || row.column === row.source) row.column = change.source;
      row.source = change.source;
    }
    if (change.column !== undefined) row.column = change.column;
  }
  remove(id: number): void {
    this.#rows = this.#rows.filter((r) => r.id !== id);
  }
  /** Moves a row up (-1) or down (+1); false at the ends. */
  move(id: number, delta: -1 | 1): boolean {
    const from = this.#rows.findIndex((r) => r.id === id);
    const to = from + delta;
    if (from < 0 || to < 0 || to >= this.#rows.length) return false;
    const rows = [...this.#rows];
    [rows[from], rows[to]] = [rows[to], rows[from]];
    this.#rows = rows;
    return true;
  }
  replace(fields: readonly ExportField[]): void {
    this.#rows = [];
    for (const field of fields) this.add(field.source, field.column);
  }
}
