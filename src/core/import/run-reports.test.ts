import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { checkAccounting } from './accounting';
import type { PlanInput } from './plan-chunks';
import { computeProgress } from './progress';
import { failedByChunk, failedRecordsFile } from './failed-records';
import { notImportedRows } from './not-imported';
import { jobSummaryCsv, jobSummaryRows, runReportCsv, runReportJson } from './run-reports';
import { runImport } from './run-import';
import { FakeWorld, plannedRun } from './testing/fake-world';

const go = new AbortController().signal;

/** 5,000 records: some left out by the checker, some invalid for Auth0, some already in the tenant, one job failing. */
function mixedInputs(): PlanInput[] {
  return Array.from({ length: 5_000 }, (_, n) => {
    const base = {
      file: n < 3_000 ? 'first.json' : 'second.csv',
      index: n < 3_000 ? n : n - 3_000,
      line: n + 2,
    };
    if (n % 50 === 0) return { ...base, skip: { code: 'email.missing', reason: 'No email.' } };
    const email = n % 17 === 0 ? `invalid-${n}@example.com` : `user-${n}@example.com`;
    return { ...base, json: JSON.stringify({ email, given_name: n % 3 === 0 ? `=cmd|${n}` : `N${n}` }) };
  });
}

describe('accounting and reports on a mixed run', () => {
  it('accounts for all 5,000 records exactly once and the reports agree', async () => {
    const world = new FakeWorld();
    for (let n = 1; n < 5_000; n += 23) {
      const email = `user-${n}@example.com`;
      world.tenant.users.set(email, { user_id: `auth0|${n}`, email, identities: [{ connection: 'Users' }] });
    }
    world.tenant.failNextJob = true;
    const { run, records } = await plannedRun(world, mixedInputs(), { chunkBytes: 20_000 });
    const ports = world.session({}, records);
    const done = await runImport(run, ports, go);
    expect(done.status).toBe('finished');

    const report = await checkAccounting(done, world.readOutcomes(run.id));
    expect(report.balanced).toBe(true);
    expect(report.expected).toBe(5_000);
    const { inserted, updated, imported, failed, skipped, unknown } = report.counts;
    expect(inserted + updated + imported + failed + skipped + unknown).toBe(5_000);
    expect(skipped).toBe(100);
    expect(inserted).toBe(world.tenant.users.size - Math.ceil(4_999 / 23));
    expect(failed).toBeGreaterThan(done.chunks[0].recordCount);

    const progress = computeProgress(done, world.time);
    expect(progress.records).toMatchObject({ total: 5_000, done: 5_000, inserted, failed, skipped });
    expect(progress.chunks.done + progress.chunks.failed).toBe(done.chunks.length);

    // The failed-records file holds exactly the failed records, as sent.
    const failedSet = await failedByChunk(world.readOutcomes(run.id));
    const file = await failedRecordsFile(done, failedSet, ports.source, go);
    const again = JSON.parse(await file.blob.text()) as { email: string }[];
    const failedEmails = world
      .outcomeList(run.id)
      .filter((o) => o.outcome === 'failed')
      .map((o) => o.email)
      .sort();
    expect(file.count).toBe(failed);
    expect(again.map((user) => user.email).sort()).toEqual(failedEmails);

    // The screen shows the first records that did not go in, in file order, and counts all of them.
    const notIn = await notImportedRows(done, world.readOutcomes(run.id), 50);
    expect(notIn.count).toBe(failed + skipped + unknown);
    expect(notIn.rows).toHaveLength(50);
    expect(notIn.rows[0]).toMatchObject({
      file: 'first.json',
      record: 0,
      outcome: 'skipped',
      reason: 'No email.',
    });
    expect(notIn.rows.map((row) => row.record)).toEqual(
      [...notIn.rows.map((row) => row.record)].sort((a, b) => a - b),
    );

    const csvBlob = await runReportCsv(done, world.readOutcomes(run.id));
    const csvText = await csvBlob.text();
    expect([...new Uint8Array(await csvBlob.slice(0, 3).arrayBuffer())]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = Papa.parse<string[]>(csvText, { skipEmptyLines: true }).data;
    expect(csv[0]).toEqual([
      'file',
      'record',
      'line',
      'email',
      'outcome',
      'part',
      'job_id',
      'code',
      'field',
      'reason',
    ]);
    expect(csv).toHaveLength(5_001);
    const invalid = csv.find((row) => row[7] === 'FORMAT')!;
    expect(invalid[8]).toBe('email');
    expect(invalid[9]).toContain('"email" is not in the expected format');
    expect(done.chunks.map((chunk) => chunk.jobId)).toContain(invalid[6]);
    const json = JSON.parse(
      await (await runReportJson(done, report.counts, world.readOutcomes(run.id))).text(),
    ) as { records: unknown[]; totals: unknown; parts: unknown[] };
    expect(json.records).toHaveLength(5_000);
    expect(json.totals).toEqual(report.counts);
    expect(json.parts).toHaveLength(done.chunks.length);

    const summary = jobSummaryRows(done);
    expect(
      summary.reduce((sum, row) => sum + row.inserted + row.failed + row.updated + row.imported, 0),
    ).toBe(5_000 - 100);
    expect(summary[0]).toMatchObject({ status: 'failed', jobId: done.chunks[0].jobId });
    expect(summary[1].auth0).toMatch(/inserted, 0 updated, \d+ failed of \d+/);
    const summaryCsv = (await jobSummaryCsv(done).text()).replace(/^\uFEFF/, '').split('\r\n');
    expect(summaryCsv[0]).toBe(
      'part,file,records,jobId,status,attempts,inserted,updated,imported,failed,skipped,unknown,auth0,seconds,notes',
    );
    const [part] = done.chunks;
    expect(
      summaryCsv[1].startsWith(`1,first.json,${part.firstRecord}-${part.lastRecord},${part.jobId},failed,`),
    ).toBe(true);
  });

  it('the invariant catches a missing, a doubled and an unknown outcome', async () => {
    const world = new FakeWorld();
    const { run } = await plannedRun(world, mixedInputs().slice(0, 10));
    const outcome = (record: number, kind: 'inserted' | 'unknown' = 'inserted') => ({
      file: 'first.json',
      record,
      line: null,
      email: null,
      outcome: kind,
      chunk: null,
      code: null,
      field: null,
      reason: null,
    });
    const pages = [
      [outcome(0), outcome(1), outcome(1), outcome(2, 'unknown')],
      [3, 4, 5, 6, 7, 8].map((n) => outcome(n)),
    ];
    const report = await checkAccounting(run, pages);
    expect(report).toMatchObject({
      balanced: false,
      missingCount: 1,
      duplicateCount: 1,
      missing: [{ file: 'first.json', record: 9 }],
    });
    expect(report.counts.unknown).toBe(1);
  });
});
