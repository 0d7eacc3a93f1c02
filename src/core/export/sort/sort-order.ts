/**
 * The order of exported users by one column. Values are compared by kind: numbers numerically, ISO 8601 dates as
 * instants, text with a root-locale `Intl.Collator` with numeric ordering ("user2" before "user10", "émile" beside
 * "Emile"), chosen over plain code-unit order because people read the result; 'und' (no locale) keeps the order the
 * same on every machine. Missing values (undefined, null, '', NaN) always come last, in either direction.
 */
import { EvaluationError } from '../expression/expression-builtins';
import type { CompiledField } from '../field-spec';
import { stableStringify } from '../stable-json';

export type SortDirection = 'asc' | 'desc';

/** A value reduced once to what comparisons need, so a sort compares keys, not records. */
export interface SortKey {
  /** Kind order: 0 boolean, 1 number, 2 date, 3 text, 4 object or list, 5 missing. */
  rank: number;
  number: number;
  text: string;
}

const MISSING = 5;
const isoDate = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const collator = new Intl.Collator('und', { numeric: true, sensitivity: 'variant' });

/** Reduces a value to its sort key. */
export function sortKey(value: unknown): SortKey {
  switch (typeof value) {
    case 'boolean':
      return { rank: 0, number: value ? 1 : 0, text: '' };
    case 'number':
      return Number.isNaN(value)
        ? { rank: MISSING, number: 0, text: '' }
        : { rank: 1, number: value, text: '' };
    case 'string': {
      if (value === '') return { rank: MISSING, number: 0, text: '' };
      const time = isoDate.test(value) ? Date.parse(value) : NaN;
      return Number.isNaN(time)
        ? { rank: 3, number: 0, text: value }
        : { rank: 2, number: time, text: value };
    }
    case 'object':
      return value === null
        ? { rank: MISSING, number: 0, text: '' }
        : { rank: 4, number: 0, text: stableStringify(value) ?? '' };
    default:
      return { rank: MISSING, number: 0, text: '' };
  }
}

function compareText(a: string, b: string): number {
  // The collator may call different strings equal; ordinal order then keeps the order total and repeatable.
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Compares two keys in a direction; missing keys sort last either way. 0 means "keep input order". */
export function compareKeys(a: SortKey, b: SortKey, direction: SortDirection): number {
  if (a.rank === MISSING || b.rank === MISSING)
    return (a.rank === MISSING ? 1 : 0) - (b.rank === MISSING ? 1 : 0);
  let order = a.rank - b.rank;
  if (order === 0) {
    order = a.rank === 3 || a.rank === 4 ? compareText(a.text, b.text) : a.number - b.number;
    if (order === 0 && a.rank === 2) order = compareText(a.text, b.text);
  }
  return direction === 'asc' ? order : -order;
}

/** The sort value of a record by a compiled field; a field that fails on a record sorts it as missing. */
export function fieldSortValue(field: CompiledField): (record: unknown) => unknown {
  return (record) => {
    try {
      return field.evaluate(record);
    } catch (error) {
      if (error instanceof EvaluationError) return undefined;
      throw error;
    }
  };
}

/** Sorts in memory, stably, computing each key once. Returns a new array. */
export function sortInMemory<T>(
  items: readonly T[],
  value: (item: T) => unknown,
  direction: SortDirection,
): T[] {
  const decorated = items.map((item, index) => ({ item, index, key: sortKey(value(item)) }));
  decorated.sort((a, b) => compareKeys(a.key, b.key, direction) || a.index - b.index);
  return decorated.map((entry) => entry.item);
}
