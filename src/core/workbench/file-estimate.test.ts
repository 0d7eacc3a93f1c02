import { describe, expect, it } from 'vitest';
import { estimateFromSample } from './file-estimate';

describe('estimateFromSample', () => {
  it('scales the sample by bytes, at most one per 16 bytes, and gives nothing without a sample', () => {
    expect(estimateFromSample(3_000, 1_000_000, 336_000_000)).toBe(1_008_000);
    // A sample of tiny records does not make the estimate run away.
    expect(estimateFromSample(900, 1_000, 1_600)).toBe(100);
    expect(estimateFromSample(5, 0, 1_000)).toBe(0);
    expect(estimateFromSample(5, 1_000, 0)).toBe(0);
  });
});
