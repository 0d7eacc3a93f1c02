import { describe, expect, it } from 'vitest';
import { routeFromHash } from './routes';

describe('routeFromHash', () => {
  it('maps each screen hash, with sub-paths and queries, to its screen', () => {
    expect(routeFromHash('#/import')).toBe('import');
    expect(routeFromHash('#/history/run_12')).toBe('history');
    expect(routeFromHash('#/export?tenant=a')).toBe('export');
  });
  it('falls back to Convert & check for an empty or unknown hash', () => {
    expect(routeFromHash('')).toBe('convert');
    expect(routeFromHash('#/nowhere')).toBe('convert');
    expect(routeFromHash('#/importer')).toBe('convert');
  });
});
