import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { jsonArrayPartText } from '../../core/import';
import { createWorkbench } from '../../core/workbench/engine';
import { countChunkPayloads, recordsOfPayload } from '../../db/chunk-payloads';
import { DexieRunStore } from '../../db/run-store';
import { storeAndReadBack } from '../../db/testing/fixtures';
import { importCheckOptions, planImport, type CheckedFiles } from './plan-stream';

const users = (n: number, domain = 'example.com') =>
  Array.from({ length: n }, (_, i) => ({ email: `u${i}@${domain}`, given_name: `G${i}` }));

/** Checks the files as the Import screen does; the result is what planning follows. */
async function check(files: Record<string, Blob>): Promise<CheckedFiles> {
  const engine = createWorkbench();
  const inputs = Object.entries(files).map(([name, blob]) => ({ name, blob }));
  const summary = await engine.run(inputs, importCheckOptions, () => {});
  const lookup = async (file: string) =>
    (await engine.findings({ file, severity: 'error', offset: 0, limit: 1000 })).rows;
  return { inputs, summary, lookup };
}

const jsonFile = (records: unknown[]) => new Blob([JSON.stringify(records, null, 1)]);

async function checkAndPlan(files: Record<string, unknown[]>, chunkBytes: number) {
  const checked = await check(
    Object.fromEntries(Object.entries(files).map(([name, records]) => [name, jsonFile(records)])),
  );
  return { summary: checked.summary, ...(await planImport(checked, chunkBytes)) };
}

describe('planning an import from a workbench check', () => {
  it('sends valid records only, in parts under the limit, and skips the rest naming the field', async () => {
    const records: unknown[] = users(40);
    records[3] = { email: 'not-an-email' };
    records[7] = { email: 'x@example.com', favourite: 1 };
    records[9] = { email: 'exp@example.com', user_id: 'auth0|abc', created_at: '2024-01-01T00:00:00Z' };
    const { plan, payloads } = await checkAndPlan(
      { 'a.json': records, 'b.json': users(5, 'b.example.com') },
      600,
    );

    expect(plan.files.map((f) => f.records)).toEqual([40, 5]);
    expect(plan.skipped.map((s) => [s.file, s.record])).toEqual([
      ['a.json', 3],
      ['a.json', 7],
    ]);
    expect(plan.skipped[0].reason).toMatch(/field email/);
    expect(plan.skipped[1].reason).toMatch(/favourite/);
    expect(plan.chunks.length).toBeGreaterThan(3);
    // Parts never mix files and never exceed the limit; together they hold every valid record once.
    const sent: string[] = [];
    for (const [i, chunk] of plan.chunks.entries()) {
      const payload = payloads[i];
      const text = await payload.payload.text();
      expect(new TextEncoder().encode(text).length).toBe(chunk.bytes);
      expect(chunk.bytes).toBeLessThanOrEqual(600);
      expect(payload.indices).toHaveLength(chunk.recordCount);
      for (const user of JSON.parse(text) as { email: string }[]) sent.push(user.email);
    }
    expect(sent).toHaveLength(43);
    expect(new Set(sent).size).toBe(43);
    // The export-style record went in converted: auth0| stripped, created_at dropped.
    const part = payloads.find((p) => p.file === 'a.json' && p.indices.includes(9));
    const partRecords = await recordsOfPayload({ ...part!, runId: 'r' });
    const exported = JSON.parse(partRecords.find((r) => r.index === 9)!.json) as Record<string, unknown>;
    expect(exported).toEqual({ email: 'exp@example.com', user_id: 'abc' });
  });

  it('a file that breaks part-way sends none of its records', async () => {
    const broken = new Blob(['[{"email":"a@example.com"},{"email":"b@example.com"},{"email":']);
    const checked = await check({ 'broken.json': broken });
    const { plan } = await planImport(checked, 450_000);
    expect(plan.chunks).toEqual([]);
    expect(plan.skipped.every((s) => s.code === 'file.unreadable')).toBe(true);
    expect(plan.skipped).toHaveLength(checked.summary.files[0].counts.total);
  });

  it('skips a record that could not be read with the reason and line the check found', async () => {
    const lines = ['{"email":"a@example.com"}', '{"email": oops}', '{"email":"c@example.com"}'];
    const { plan, payloads } = await planImport(
      await check({ 'u.ndjson': new Blob([lines.join('\n')]) }),
      1_000,
    );
    expect(plan.files).toEqual([{ name: 'u.ndjson', records: 3, bytes: expect.any(Number) }]);
    expect(plan.skipped).toHaveLength(1);
    expect(plan.skipped[0]).toMatchObject({ record: 1, line: 2, outcome: 'skipped' });
    expect(plan.skipped[0].reason).toMatch(/^Left out by the checks/);
    expect(payloads.flatMap((payload) => payload.indices)).toEqual([0, 2]);
  });

  it('streams: records reach the planner as they are checked, never all held at once', async () => {
    const total = 80_000;
    const records = users(total);
    const recordsPerMiB = total / (jsonFile(records).size / 2 ** 20);
    const { plan, payloads, peakWaiting } = await checkAndPlan({ 'big.json': records }, 100_000);
    expect(plan.chunks.reduce((sum, chunk) => sum + chunk.recordCount, 0)).toBe(total);
    expect(payloads).toHaveLength(plan.chunks.length);
    expect(payloads.every((payload, i) => payload.payload.size === plan.chunks[i].bytes)).toBe(true);
    // Held until the end, all 80,000 would wait. Streamed, what waits is what a few reads of the file yield before
    // the planner's turn comes (1 MiB a read; how many reads land first depends on the file stream's timing).
    expect(peakWaiting).toBeGreaterThan(0);
    expect(peakWaiting).toBeLessThan(Math.min(total / 2, 4 * recordsPerMiB));
  });

  it('refuses to plan a file that changed since its check, naming it', async () => {
    const checked = await check({ 'a.json': jsonFile(users(10)) });
    const changed = { ...checked, inputs: [{ name: 'a.json', blob: jsonFile(users(8)) }] };
    await expect(planImport(changed, 1_000)).rejects.toThrow(
      '"a.json" changed since it was checked. Remove it and add it again to check it anew.',
    );
  });
});

describe('stored part payloads', () => {
  it('give back each part exactly as planned, and go when the run is deleted', async () => {
    const { plan, payloads } = await checkAndPlan({ 'users.json': users(30) }, 500);
    const { db, run, parts } = await storeAndReadBack(plan, payloads);
    for (const [i, records] of parts.entries()) {
      expect(records.map((r) => r.index)).toEqual(payloads[i].indices);
      expect(jsonArrayPartText(records.map((r) => r.json))).toBe(await payloads[i].payload.text());
    }
    expect(await countChunkPayloads(db, run.id)).toBe(plan.chunks.length);
    await new DexieRunStore(db).deleteRun(run.id);
    expect(await countChunkPayloads(db, run.id)).toBe(0);
  });
});
