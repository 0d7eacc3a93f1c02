import { describe, expect, it } from 'vitest';
import { routeFromHash, titleFor } from './routes';

describe('routeFromHash', () => {
  it('maps each screen hash, with sub-paths and queries, to its screen', () => {
    expect(routeFromHash('#/import')).toBe('import');
    expect(routeFromHash('#/history/run_12')).toBe('history');
    expect(routeFromHash('#/export?tenant=a')).toBe('export');
    expect(routeFromHash('#/import?from=update')).toBe('import');
  });
  it('opens Convert & check when there is no hash', () => {
    expect(routeFromHash('')).toBe('convert');
    expect(routeFromHash('#')).toBe('convert');
    expect(routeFromHash('#/')).toBe('convert');
  });
  it('reports a hash that names no screen as not found', () => {
    expect(routeFromHash('#/nowhere')).toBe('not-found');
    expect(routeFromHash('#/importer')).toBe('not-found');
    expect(routeFromHash('#main')).toBe('not-found');
  });
});

describe('titleFor', () => {
  it('puts the screen name before the app name', () => {
    expect(titleFor('convert')).toBe('Convert & check · Ferry');
    expect(titleFor('not-found')).toBe('Page not found · Ferry');
  });
});
