/** RFC 6901 JSON Pointers: the `path` of every finding. */

/** Escapes one key for use as a pointer segment. */
export function escapePointerSegment(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Appends a key to a pointer. */
export function childPointer(pointer: string, key: string | number): string {
  return `${pointer}/${typeof key === 'number' ? key : escapePointerSegment(key)}`;
}

/** The unescaped segments of a pointer ('' has none). */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The value a pointer names inside `root`, or undefined when there is none. */
export function valueAtPointer(root: unknown, pointer: string): unknown {
  let current: unknown = root;
  for (const segment of pointerSegments(pointer)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** The field path used in codes: segments without array indexes, joined with dots (`mfa_factors.totp.secret`). */
export function fieldPath(pointer: string): string {
  return pointerSegments(pointer)
    .filter((segment) => !/^\d+$/.test(segment))
    .join('.');
}
