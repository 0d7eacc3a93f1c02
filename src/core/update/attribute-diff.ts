/**
 * The attribute-level difference between two versions of one user record. Objects are compared key by key, as deep
 * as they go (metadata is where bulk edits happen); lists and plain values are compared as a whole, since a change
 * inside a list replaces the list.
 */
import { childPointer } from '../rules/json-pointer';

export type ChangeKind = 'added' | 'changed' | 'removed';

/** One changed attribute. `path` is a JSON Pointer (`/user_metadata/plan`). */
export interface AttributeChange {
  path: string;
  kind: ChangeKind;
  /** Absent for 'added'. */
  before?: unknown;
  /** Absent for 'removed'. */
  after?: unknown;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Deep equality of JSON values (key order does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => jsonEqual(item, b[i]));
  }
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  return aKeys.every(
    (key) =>
      Object.hasOwn(b, key) &&
      jsonEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}

/** Appends the changes from `before` to `after` under `pointer` to `out`. */
export function diffAttributes(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  pointer = '',
  out: AttributeChange[] = [],
): AttributeChange[] {
  walk(before, after, [pointer], out);
  return out;
}

// Pointers are joined only when a change is found: most compared objects are equal, and 100k users have many.
function pointerOf(segments: readonly string[], key: string): string {
  let pointer = segments[0];
  for (let i = 1; i < segments.length; i++) pointer = childPointer(pointer, segments[i]);
  return childPointer(pointer, key);
}

function walk(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  segments: string[],
  out: AttributeChange[],
): void {
  for (const key in before) {
    if (!Object.hasOwn(before, key)) continue;
    if (!Object.hasOwn(after, key)) {
      out.push({ path: pointerOf(segments, key), kind: 'removed', before: before[key] });
      continue;
    }
    const was = before[key];
    const now = after[key];
    if (was === now) continue;
    if (isPlainObject(was) && isPlainObject(now)) {
      segments.push(key);
      walk(was, now, segments, out);
      segments.pop();
    } else if (!jsonEqual(was, now)) {
      out.push({ path: pointerOf(segments, key), kind: 'changed', before: was, after: now });
    }
  }
  for (const key in after) {
    if (Object.hasOwn(after, key) && !Object.hasOwn(before, key)) {
      out.push({ path: pointerOf(segments, key), kind: 'added', after: after[key] });
    }
  }
}
