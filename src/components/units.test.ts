import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatDuration, formatElapsed, formatSpeed, plural } from './units';

describe('units', () => {
  it('groups counts', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
  });

  it('uses decimal byte units like the Auth0 limit', () => {
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(999)).toBe('999 bytes');
    expect(formatBytes(450_000)).toBe('450 KB');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(2_500_000_000)).toBe('2.5 GB');
    expect(formatBytes(-1)).toBe('–');
  });

  it('formats speeds and durations', () => {
    expect(formatSpeed(12.345)).toBe('12.3 MB/s');
    expect(formatSpeed(0)).toBe('–');
    expect(formatDuration(4.4)).toBe('4 s');
    expect(formatDuration(75)).toBe('1 min 15 s');
    expect(formatDuration(3900)).toBe('1 h 5 min');
    expect(formatElapsed(850)).toBe('0.85 s');
    expect(formatElapsed(12_500)).toBe('12.5 s');
  });

  it('pluralises', () => {
    expect(plural(1, 'record')).toBe('1 record');
    expect(plural(2000, 'record')).toBe('2,000 records');
    expect(plural(2, 'fix', 'fixes')).toBe('2 fixes');
  });
});
