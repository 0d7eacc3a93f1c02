/**
 * JSON text with object keys in sorted order, so the same value always gives the same text (a CSV cell that does not
 * change between two exports of an unchanged user, and diffs that compare cleanly).
 */

/** Stable JSON text of a value; `undefined` (and functions, which user data never holds) give `undefined`. */
export function stableStringify(value: unknown): string | undefined {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    // defineProperty keeps a data key named __proto__ as data instead of changing the prototype.
    Object.defineProperty(sorted, key, {
      value: sortKeys((value as Record<string, unknown>)[key]),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return sorted;
}
