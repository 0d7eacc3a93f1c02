import { describe, expect, it } from 'vitest';
import { RowOffsets } from './row-offsets';

/** Offsets the plain way, to compare with. */
function naiveStarts(heights: number[]): number[] {
  const starts = [0];
  for (const height of heights) starts.push(starts[starts.length - 1] + height);
  return starts;
}

describe('RowOffsets', () => {
  it('places rows of measured and estimated heights exactly, whatever order they are measured in', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const count of [1, 2, 3, 17, 64, 1000]) {
      const rows = new RowOffsets(count, 64);
      const heights = Array.from({ length: count }, () => 64);
      for (let n = 0; n < count * 2; n++) {
        const index = Math.floor(random() * count);
        const height = 40 + Math.floor(random() * 100) + (n % 3) / 4;
        expect(rows.setHeight(index, height)).toBe(height - heights[index]);
        heights[index] = height;
      }
      const starts = naiveStarts(heights);
      expect(rows.total).toBeCloseTo(starts[count], 6);
      for (let index = 0; index < count; index++) {
        expect(rows.start(index)).toBeCloseTo(starts[index], 6);
        expect(rows.height(index)).toBe(heights[index]);
        // The row at its own start, just before its end, and (for all but the last) the next at its end.
        expect(rows.indexAt(starts[index])).toBe(index);
        expect(rows.indexAt(starts[index + 1] - 0.01)).toBe(index);
      }
    }
  });

  it('answers the first and last row outside the list, and nothing breaks when it is empty', () => {
    const rows = new RowOffsets(10, 50);
    expect(rows.indexAt(-100)).toBe(0);
    expect(rows.indexAt(499.9)).toBe(9);
    expect(rows.indexAt(10_000)).toBe(9);
    expect(rows.setHeight(10, 80)).toBe(0);
    expect(rows.setHeight(-1, 80)).toBe(0);
    const none = new RowOffsets(0, 50);
    expect(none.total).toBe(0);
    expect(none.indexAt(0)).toBe(0);
  });

  it('handles a million rows: built at once, a row measured near the top moves every row after it', () => {
    const rows = new RowOffsets(1_000_000, 64);
    expect(rows.total).toBe(64_000_000);
    rows.setHeight(3, 100);
    expect(rows.start(999_999)).toBe(999_999 * 64 + 36);
    expect(rows.indexAt(999_999 * 64 + 36)).toBe(999_999);
    expect(rows.indexAt(3 * 64 + 99)).toBe(3);
    expect(rows.indexAt(3 * 64 + 100)).toBe(4);
  });
});
