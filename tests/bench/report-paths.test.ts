import { describe, expect, it } from 'vitest';
import type { ImportPlanResult } from './bench-types';
import type { UserFileSet } from './data/user-files';
import type { ImportRunResult } from './import-run';
import type { ImportPlanMeasurement } from './measure-paths';
import { importPlanTable, importRunLines } from './report-paths';

const memory = { idleBytes: 100 * 2 ** 20, peakBytes: 300 * 2 ** 20, method: 'VmHWM' as const };

function runResult(overrides: Partial<ImportRunResult> = {}): ImportRunResult {
  return {
    users: 1_000,
    timing: { pendingMs: 500, processingMs: 2_000 },
    planSeconds: 0.5,
    wallSeconds: 12,
    status: 'finished',
    problem: null,
    chunks: 3,
    counts: { inserted: 980, updated: 0, imported: 0, failed: 0, skipped: 20, unknown: 0 },
    counters: {
      requests: 14,
      rateLimited: 2,
      importLimitRefused: 0,
      maxActiveImports: 2,
      importsCreated: 3,
      exportsCreated: 0,
      byRoute: {
        'POST /api/v2/jobs/users-imports': 3,
        'GET /api/v2/jobs/job_1': 6,
        'GET /api/v2/jobs/job_2': 5,
      },
    },
    accepted: 12,
    leastSeconds: 5,
    leastJobSeconds: 5,
    ...overrides,
  };
}

describe('importRunLines', () => {
  it('prints the wall time against the least time and their ratio, with requests per route', () => {
    const text = importRunLines(runResult()).join('\n');
    expect(text).toContain('wall 12.0 s, least the rate limit allows for 12 requests 5.0 s, ratio 2.40');
    expect(text).toContain('requests 14 (429 2');
    expect(text).toContain('GET /api/v2/jobs/{id} 11');
    expect(text).not.toContain('ACCOUNTING GAP');
  });

  it('flags records the run did not account for', () => {
    const counts = { inserted: 900, updated: 0, imported: 0, failed: 0, skipped: 20, unknown: 0 };
    expect(importRunLines(runResult({ counts })).join('\n')).toContain('ACCOUNTING GAP: 920 of 1000');
  });
});

describe('importPlanTable', () => {
  const set = {
    files: { ndjson: { name: 'users-x.ndjson', bytes: 1e6 } },
    count: 1_000,
    kinds: { valid: 970, fixable: 10, invalid: 20 },
  } as unknown as UserFileSet;
  const plan = (planned: number, skipped: number): ImportPlanResult => ({
    ms: 1_000,
    checkMs: 600,
    planMs: 400,
    total: 1_000,
    valid: 970,
    fixed: 10,
    invalid: 20,
    chunks: 3,
    planned,
    skipped,
    payloadBytes: 900_000,
    largestPayload: 449_000,
  });
  const measurement = (result: ImportPlanResult): ImportPlanMeasurement => ({
    set,
    bytes: 1e6,
    chunkBytes: 450_000,
    plans: [{ result, memory }],
    baselines: { 'ndjson-text': [{ result: { kind: 'ndjson-text', ms: 250, records: 1_000 }, memory }] },
  });

  it('gives records/s and the ratio to the faster baseline when the counts match the generator', () => {
    const text = importPlanTable(measurement(plan(980, 20))).join('\n');
    expect(text).toMatch(/import check\+plan\s+1\.0\s+1,000\s+1\.00\s+300/);
    expect(text).toContain('counts match the generator');
    expect(text).toContain('(baseline ndjson-text): 0.25');
  });

  it('says so when the planned or skipped records differ from what the generator made', () => {
    expect(importPlanTable(measurement(plan(990, 10))).join('\n')).toContain('COUNTS DIFFER: planned 990');
  });
});
