import { describe, expect, it } from 'vitest';
import type { ExportRecord } from '../../db/export-record';
import { baseFileName, exportOfFile } from './original-export';

const record = (change: Partial<ExportRecord>): ExportRecord => ({
  id: 'export-1',
  tenant: 'acme.eu.auth0.com',
  connection: { id: 'con_AAAABBBBCCCCDDDD', name: 'Username-Password-Authentication' },
  query: null,
  fields: [],
  format: 'json',
  status: 'finished',
  counts: { exported: 3, failed: 0, skipped: 0 },
  fileName: 'users-import-ready.json',
  jobId: 'job_1',
  problem: null,
  createdAt: 1,
  timings: { startedAt: 1, finishedAt: 2 },
  ...change,
});

describe('exportOfFile', () => {
  it('finds the newest finished export of that file name on the signed-in tenant', () => {
    const older = record({ id: 'old', createdAt: 1 });
    const newer = record({
      id: 'new',
      createdAt: 5,
      connection: { id: 'con_EEEEFFFFGGGGHHHH', name: 'partners-db' },
    });
    expect(exportOfFile([older, newer], 'users-import-ready.json', 'acme.eu.auth0.com')?.id).toBe('new');
    expect(exportOfFile([older, newer], 'users-import-ready (2).json', 'acme.eu.auth0.com')?.id).toBe('new');
  });

  it('names no connection for another tenant, a search export, an unfinished or a CSV one, or another file', () => {
    const name = 'users-import-ready.json';
    expect(exportOfFile([record({})], name, 'other.us.auth0.com')).toBeNull();
    expect(exportOfFile([record({ connection: null, query: 'email:*' })], name, null)).toBeNull();
    expect(exportOfFile([record({ status: 'failed' })], name, null)).toBeNull();
    expect(exportOfFile([record({ format: 'csv' })], name, null)).toBeNull();
    expect(exportOfFile([record({})], 'edited.json', null)).toBeNull();
  });
});

describe('baseFileName', () => {
  it('drops the number a browser adds to a file saved again', () => {
    expect(baseFileName('users (1).json')).toBe('users.json');
    expect(baseFileName('users (final).json')).toBe('users (final).json');
    expect(baseFileName('users (3)')).toBe('users');
  });
});
