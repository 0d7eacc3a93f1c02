import { describe, expect, it } from 'vitest';
import { grownTo } from './typed-arrays';

describe('grownTo', () => {
  it('keeps the type and the elements, with zeros after them', () => {
    const grown = grownTo(Int32Array.from([3, -1, 7]), 6);
    expect(grown).toBeInstanceOf(Int32Array);
    expect(Array.from(grown)).toEqual([3, -1, 7, 0, 0, 0]);
    expect(Array.from(grownTo(Float64Array.from([0.5]), 2))).toEqual([0.5, 0]);
  });
});
