import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createWorkbench } from '../../core/workbench/engine';
import { jsonArrayPartText } from '../../core/import';
import { recordsOfPayload } from '../../db/chunk-payloads';
import { storeAndReadBack } from '../../db/testing/fixtures';
import { importCheckRunOptions, planFromCheck } from './plan-from-check';
import { importCheckOptions, planImport, type CheckedFiles, type PlanResult } from './plan-stream';

const user = (i: number, domain: string) => ({
  email: `user${i}@${domain}`,
  given_name: `Given ${i}`,
  family_name: 'Zoë Ñandú',
  user_metadata: { plan: i % 3 === 0 ? 'gold' : 'free' },
});

/** An NDJSON file (checked in batches) with every kind of record a plan must account for. */
function ndjsonFile(): Blob {
  const lines = Array.from({ length: 6_000 }, (_, i) => JSON.stringify(user(i, 'a.example')));
  lines[10] = JSON.stringify({ email: 'not-an-email', given_name: 'Bad' });
  lines[11] = '{"email": "broken@a.example",';
  lines[12] = '';
  lines[13] = '[1, 2]';
  lines[14] = JSON.stringify(user(3, 'a.example')); // the same email as line 4
  lines[15] = JSON.stringify({ ...user(15, 'a.example'), user_id: 'auth0|abc123' }); // fixed: auth0| stripped
  lines[16] = JSON.stringify({ ...user(16, 'a.example'), app_metadata: { blob: 'x'.repeat(460_000) } });
  lines[2_000] = JSON.stringify({ email: 'USER5@A.EXAMPLE', favourite: 1 }); // a duplicate and an unknown key
  return new Blob([lines.join('\r\n') + '\n']);
}

const inputs = () => [
  { name: 'a.ndjson', blob: ndjsonFile() },
  {
    name: 'b.json',
    blob: new Blob([
      JSON.stringify([...Array.from({ length: 300 }, (_, i) => user(i, 'b.example')), { email: 7 }], null, 1),
    ]),
  },
  {
    name: 'c.csv',
    blob: new Blob([
      'email,given_name,email_verified\n' +
        Array.from({ length: 200 }, (_, i) => `user${i}@c.example,C ${i},${i % 2 ? 'true' : 'maybe'}`).join(
          '\n',
        ),
    ]),
  },
  { name: 'broken.json', blob: new Blob(['[{"email":"z@z.example"},{"email":']) },
  // Its first record repeats an email of a.ndjson: a duplicate across files.
  {
    name: 'd.ndjson',
    blob: new Blob([JSON.stringify(user(1, 'a.example')) + '\n' + JSON.stringify(user(1, 'd.example'))]),
  },
];

/** The Import screen's check with placements, and its finding lookup. */
async function checkWithPlacements() {
  const engine = createWorkbench();
  const files = inputs();
  const summary = await engine.run(files, importCheckRunOptions, () => {});
  const checked: CheckedFiles = {
    inputs: files,
    summary,
    lookup: async (file) =>
      (await engine.findings({ file, severity: 'error', offset: 0, limit: 100_000 })).rows,
  };
  return { engine, checked };
}

/** A plan as the run sees it: payload texts and their records instead of Blobs. */
async function comparable(result: PlanResult) {
  const payloads = [];
  for (const payload of result.payloads) {
    const records = await recordsOfPayload({ ...payload, runId: 'r' });
    payloads.push({
      chunkIndex: payload.chunkIndex,
      file: payload.file,
      indices: payload.indices,
      lines: payload.lines,
      text: await payload.payload.text(),
      records,
    });
  }
  return { plan: result.plan, payloads };
}

describe('planning an import from the parts its check wrote', () => {
  it('gives the plan a second read of the files gives: the same parts, records, payloads and skipped records', async () => {
    const { engine, checked } = await checkWithPlacements();
    const placements = await engine.placements();
    expect(placements).not.toBeNull();
    const fromCheck = await comparable(await planFromCheck(checked, placements!));
    const reread = await comparable(await planImport(checked, importCheckOptions.splitBytes));

    expect(fromCheck.plan.chunks.length).toBeGreaterThan(3);
    expect(fromCheck.plan).toEqual(reread.plan);
    expect(fromCheck.payloads).toEqual(reread.payloads);

    // What the comparison covers: every kind of record is there.
    const skipped = new Map(fromCheck.plan.skipped.map((s) => [`${s.file}#${s.record}`, s]));
    expect(skipped.get('a.ndjson#10')).toMatchObject({ line: 11, code: 'email.format' });
    expect(skipped.get('a.ndjson#11')?.line).toBe(12);
    // The blank line 13 is no record: line 14 is record 12, and so on.
    expect(skipped.get('a.ndjson#12')).toMatchObject({ line: 14, email: null });
    expect(skipped.get('a.ndjson#13')).toMatchObject({ code: 'duplicate.email', email: 'user3@a.example' });
    expect(skipped.get('a.ndjson#14')).toBeUndefined();
    expect(skipped.get('a.ndjson#15')?.email).toBe('user16@a.example');
    expect(skipped.get('a.ndjson#1999')).toMatchObject({ email: 'user5@a.example' });
    expect(skipped.get('b.json#300')?.email).toBeNull();
    expect(skipped.get('c.csv#0')?.code).toMatch(/email_verified|type/);
    expect(skipped.get('broken.json#0')?.code).toBe('file.unreadable');
    expect(skipped.get('d.ndjson#0')?.code).toBe('duplicate.email');
    // Parts never mix files.
    expect(new Set(fromCheck.plan.chunks.map((c) => c.file))).toEqual(
      new Set(['a.ndjson', 'b.json', 'c.csv', 'd.ndjson']),
    );
  });

  it('stores its payloads so that a resumed run reads back each part exactly as planned', async () => {
    const { engine, checked } = await checkWithPlacements();
    const { plan, payloads } = await planFromCheck(checked, (await engine.placements())!);
    const { parts } = await storeAndReadBack(plan, payloads);
    for (const [i, records] of parts.entries()) {
      expect(records.map((r) => [r.index, r.line])).toEqual(
        payloads[i].indices.map((index, k) => [index, payloads[i].lines[k]]),
      );
      expect(jsonArrayPartText(records.map((r) => r.json))).toBe(await payloads[i].payload.text());
    }
  });

  it('has no placements unless the check asked for them', async () => {
    const engine = createWorkbench();
    await engine.run(inputs(), importCheckOptions, () => {});
    expect(await engine.placements()).toBeNull();
  });
});
