/** Core's run reports over what IndexedDB keeps: outcomes read back in pages, and the parts' stored payloads. */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import {
  jsonArrayPartText,
  failedByChunk,
  failedRecordsFile,
  pickedFilesPayloadSource,
  runReportCsv,
  runReportJson,
  type PickedFile,
} from '../core/import';
import { dexieChunkPayloadSource, saveChunkPayloads } from './chunk-payloads';
import { DexieRunStore } from './run-store';
import { freshDb, sampleOutcomes, sampleRun } from './testing/fixtures';

const users = Array.from({ length: 5 }, (_, i) => ({
  email: `user-${i}@example.com`,
  email_verified: i === 1 ? 'yes' : true,
}));
const file = (name: string, text: string): PickedFile => ({ name, stream: () => new Blob([text]).stream() });
const go = new AbortController().signal;

async function storedRun() {
  const db = freshDb();
  const store = new DexieRunStore(db);
  const run = sampleRun('r1');
  await store.saveRun(run);
  const outcomes = sampleOutcomes(5, (i) => (i === 1 || i === 4 ? 'failed' : 'inserted'));
  outcomes[4].reason = '=HYPERLINK("x")';
  await store.saveOutcomes('r1', outcomes);
  return { db, store, run };
}

describe('reports of a stored run', () => {
  it('writes one CSV line per record with its part, job id and reason, defusing formulas', async () => {
    const { store, run } = await storedRun();
    const blob = await runReportCsv(run, store.readOutcomes('r1'));
    // The BOM is there for Excel (Blob.text() drops it when decoding).
    expect([...new Uint8Array(await blob.slice(0, 3).arrayBuffer())]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = (await blob.text()).trimEnd().split('\r\n');
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

  it('takes the failed records from the stored part payloads, exactly as they were sent', async () => {
    const { db, store, run } = await storedRun();
    const jsons = users.map((user) => JSON.stringify(user));
    await saveChunkPayloads(db, 'r1', [
      {
        chunkIndex: 0,
        file: 'users.json',
        payload: new Blob([jsonArrayPartText(jsons)]),
        indices: [0, 1, 2, 3, 4],
        lines: [2, 3, 4, 5, 6],
      },
    ]);
    const failed = await failedByChunk(store.readOutcomes('r1'));
    const result = await failedRecordsFile(run, failed, dexieChunkPayloadSource(db, 'r1'), go);
    expect(result.count).toBe(2);
    expect(JSON.parse(await result.blob.text())).toEqual([users[1], users[4]]);
  });

  it('without stored payloads, takes the failed records from the original file picked again', async () => {
    const { store, run } = await storedRun();
    const failed = await failedByChunk(store.readOutcomes('r1'));
    const source = await pickedFilesPayloadSource(run, failed, [file('users.json', JSON.stringify(users))]);
    const result = await failedRecordsFile(run, failed, source, go);
    expect(result.count).toBe(2);
    expect(JSON.parse(await result.blob.text())).toEqual([users[1], users[4]]);
  });

  it('says which file to choose, and refuses a file that is not the one imported', async () => {
    const { store, run } = await storedRun();
    const failed = await failedByChunk(store.readOutcomes('r1'));
    await expect(pickedFilesPayloadSource(run, failed, [file('other.json', '[]')])).rejects.toThrow(
      'Choose the file "users.json": it holds 2 of the failed records.',
    );
    await expect(
      pickedFilesPayloadSource(run, failed, [file('users.json', JSON.stringify(users.slice(0, 3)))]),
    ).rejects.toThrow(/now has 3 records, but the run read 5/);
  });
});
