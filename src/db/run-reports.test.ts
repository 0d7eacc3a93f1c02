import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DexieRunStore } from './run-store';
import {
  failedRecordIndices,
  failedRecordsFile,
  runReportCsv,
  runReportJson,
  type SourceFile,
} from './run-reports';
import { freshDb, sampleOutcomes, sampleRun } from './testing/fixtures';

const users = Array.from({ length: 5 }, (_, i) => ({
  email: `user-${i}@example.com`,
  email_verified: i === 1 ? 'yes' : true,
}));
const file = (name: string, text: string): SourceFile => ({ name, stream: () => new Blob([text]).stream() });

async function storedRun() {
  const store = new DexieRunStore(freshDb());
  const run = sampleRun('r1');
  await store.saveRun(run);
  const outcomes = sampleOutcomes(5, (i) => (i === 1 || i === 4 ? 'failed' : 'inserted'));
  outcomes[4].reason = '=HYPERLINK("x")';
  await store.saveOutcomes('r1', outcomes);
  return { store, run };
}

describe('run reports', () => {
  it('writes one CSV line per record with its part, job id and reason, defusing formulas', async () => {
    const { store, run } = await storedRun();
    const csv = await (await runReportCsv(run, store.readOutcomes('r1'))).text();
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('file,record,line,email,outcome,part,job_id,code,field,reason');
    expect(lines).toHaveLength(6);
    expect(lines[2]).toBe(
      'users.json,1,3,user-1@example.com,failed,1,job_r1,INVALID_TYPE,email_verified,email_verified must be true or false',
    );
    expect(lines[5]).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('writes a JSON report with the run, its totals, its parts and every record', async () => {
    const { store, run } = await storedRun();
    const doc = JSON.parse(
      await (await runReportJson(run, await store.outcomeCounts('r1'), store.readOutcomes('r1'))).text(),
    );
    expect(doc.run).toMatchObject({ id: 'r1', tenant: 'acme.eu.auth0.com' });
    expect(doc.totals).toMatchObject({ inserted: 3, failed: 2 });
    expect(doc.parts[0].jobId).toBe('job_r1');
    expect(doc.records).toHaveLength(5);
    expect(doc.records[1]).toMatchObject({ record: 1, outcome: 'failed', job_id: 'job_r1' });
  });

  it('takes the failed records from the original file again, as an import file', async () => {
    const { store, run } = await storedRun();
    const failed = await failedRecordIndices(store.readOutcomes('r1'));
    const result = await failedRecordsFile(run, failed, [file('users.json', JSON.stringify(users))]);
    expect(result.records).toBe(2);
    expect(JSON.parse(await result.blob.text())).toEqual([users[1], users[4]]);
  });

  it('says which file to choose, and refuses a file that is not the one imported', async () => {
    const { store, run } = await storedRun();
    const failed = await failedRecordIndices(store.readOutcomes('r1'));
    await expect(failedRecordsFile(run, failed, [file('other.json', '[]')])).rejects.toThrow(
      'Choose the file "users.json": it holds 2 of the failed records.',
    );
    await expect(
      failedRecordsFile(run, failed, [file('users.json', JSON.stringify(users.slice(0, 3)))]),
    ).rejects.toThrow(/now has 3 records, but the run read 5/);
  });
});
