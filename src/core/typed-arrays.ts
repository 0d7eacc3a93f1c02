/** Typed-array columns that grow: the one way every column store here makes room (duplicates, findings, batches). */

export type NumberColumn = Uint8Array | Int32Array | Uint32Array | Float64Array;

/** A new array of the same type with room for `length` elements, holding `array`'s elements at its start. */
export function grownTo<T extends NumberColumn>(array: T, length: number): T {
  const grown = new (array.constructor as new (length: number) => T)(length);
  grown.set(array.subarray(0, Math.min(array.length, length)));
  return grown;
}
