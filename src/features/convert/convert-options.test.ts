import { describe, expect, it } from 'vitest';
import { autoHelperCount } from '../../core/workbench/helper-count';
import { checkSplitSize, helperChoices, maxSplitBytes, outputFormatChoices } from './convert-options';

describe('checkSplitSize', () => {
  it('accepts whole byte counts written with separators', () => {
    expect(checkSplitSize('450000')).toEqual({ ok: true, bytes: 450_000 });
    expect(checkSplitSize(' 450,000 ')).toEqual({ ok: true, bytes: 450_000 });
    expect(checkSplitSize('2 000')).toEqual({ ok: true, bytes: 2_000 });
  });

  it('explains empty, non-numeric and out-of-range sizes', () => {
    expect(checkSplitSize('')).toMatchObject({ ok: false, message: expect.stringContaining('Enter a size') });
    expect(checkSplitSize('4.5e5')).toMatchObject({
      ok: false,
      message: expect.stringContaining('digits only'),
    });
    expect(checkSplitSize('-5')).toMatchObject({ ok: false });
    expect(checkSplitSize('999')).toMatchObject({
      ok: false,
      message: expect.stringContaining('at least 1,000'),
    });
    expect(checkSplitSize(String(maxSplitBytes + 1))).toMatchObject({
      ok: false,
      message: expect.stringContaining('500 KB'),
    });
  });

  it('offers every output format with an explanation', () => {
    expect(outputFormatChoices.map((choice) => choice.value)).toEqual(['import', 'json', 'ndjson', 'csv']);
    for (const choice of outputFormatChoices) expect(choice.explanation.length).toBeGreaterThan(10);
  });

  it('offers helper threads, saying what "Automatic" means on this machine', () => {
    expect([2, 4, 8, 64].map(autoHelperCount)).toEqual([0, 3, 4, 4]);
    // A browser that does not say how many cores it has gets none.
    expect([undefined, 0].map(autoHelperCount)).toEqual([0, 0]);
    const twoCores = helperChoices(autoHelperCount(2));
    expect(twoCores[0]).toEqual({ value: 'auto', label: 'Automatic (none on this machine)' });
    expect(twoCores.map((choice) => choice.value)).toEqual(['auto', 0, 1, 2, 3, 4]);
    expect(helperChoices(autoHelperCount(8))[0].label).toBe('Automatic (4 on this machine)');
  });
});
