import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { gzip, utf8 } from '../../../tests/fixtures/formats/chunked';
import type { SourceRecord } from '../findings';
import type { CheckedRecord, RecordChecker, WorkbenchOptions, WorkbenchProgress } from './contract';
import { createRecordChecker } from '../rules/record-checker';
import { createWorkbench } from './engine';
import { OneChunkBlob, queuedTask, usersCsv } from '../../../tests/fixtures/workbench/queued-task';

/** A small checker for engine tests: an email is required; `auth0|` is stripped from user_id as a fix. */
function fakeChecker(): RecordChecker {
  return {
    check(source: SourceRecord, file: string): CheckedRecord {
      const value = source.value as Record<string, unknown>;
      if (typeof value !== 'object' || value === null)
        return { value: null, findings: [], fixes: [], valid: false };
      const at = { file, record: source.index, line: source.line };
      if (typeof value.email !== 'string') {
        const finding = {
          ...at,
          path: '/email',
          code: 'email.required',
          severity: 'error' as const,
          message: 'email is missing',
          hint: 'Add an email',
        };
        return { value, findings: [finding], fixes: [], valid: false };
      }
      if (typeof value.user_id === 'string' && value.user_id.startsWith('auth0|')) {
        const fixed = { ...value, user_id: value.user_id.slice(6) };
        return {
          value: fixed,
          findings: [],
          fixes: [{ code: 'fix.prefix', description: 'Removed auth0|' }],
          valid: true,
        };
      }
      return { value, findings: [], fixes: [], valid: true };
    },
  };
}

const options = (overrides: Partial<WorkbenchOptions> = {}): WorkbenchOptions => ({
  target: 'import',
  splitBytes: 450_000,
  fix: true,
  ...overrides,
});
const ndjson = '{"email":"a@b.co","user_id":"auth0|1"}\n{"name":"no email"}\nnot json\n{"email":"c@d.co"}\n';

describe('workbench engine', () => {
  it('accounts for every record and puts only valid ones (fixed) in the import file', async () => {
    const engine = createWorkbench(fakeChecker);
    const summary = await engine.run(
      [{ name: 'users.ndjson', blob: new Blob([ndjson]) }],
      options(),
      () => undefined,
    );
    expect(summary.counts).toEqual({ total: 4, valid: 1, fixed: 1, invalid: 2, skipped: 0 });
    expect(summary.files[0]).toMatchObject({
      format: 'ndjson',
      compressed: false,
      problem: null,
      fixes: [{ code: 'fix.prefix', records: 1 }],
    });
    expect(summary.findingCounts).toEqual({
      errors: 2,
      warnings: 0,
      byCode: { 'email.required': 1, 'ndjson.parse': 1 },
    });
    const [converted] = await engine.downloads(['converted']);
    expect(converted.fileName).toBe('users.import.json');
    expect(JSON.parse(await converted.blob.text())).toEqual([
      { email: 'a@b.co', user_id: '1' },
      { email: 'c@d.co' },
    ]);
  });

  it('converts every readable record to NDJSON, JSON and CSV', async () => {
    const input = [
      {
        name: 'u.json.gz',
        blob: new Blob([
          gzip(utf8('[\n  {"email":"a@b.co",\n   "user_metadata":{"plan":"x"}},\n  {"name":"Ann"}\n]')),
        ]),
      },
    ];
    const expected = [{ email: 'a@b.co', user_metadata: { plan: 'x' } }, { name: 'Ann' }];
    for (const target of ['json', 'ndjson', 'csv'] as const) {
      const engine = createWorkbench(fakeChecker);
      const summary = await engine.run(input, options({ target }), () => undefined);
      expect(summary.files[0]).toMatchObject({ format: 'json-array', compressed: true });
      const [converted] = await engine.downloads(['converted']);
      const text = await converted.blob.text();
      if (target === 'json') expect(JSON.parse(text)).toEqual(expected);
      if (target === 'ndjson')
        expect(
          text
            .trim()
            .split('\n')
            .map((line) => JSON.parse(line)),
        ).toEqual(expected);
      if (target === 'csv') expect(text).toBe('email,user_metadata.plan,name\r\na@b.co,x,\r\n,,Ann\r\n');
    }
  });

  it('splits the import into parts and a zip, and reports a record too large for a part', async () => {
    const lines = Array.from({ length: 40 }, (_, i) => JSON.stringify({ email: `u${i}@example.com` }));
    lines.push(JSON.stringify({ email: 'big@example.com', name: 'x'.repeat(500) }));
    const engine = createWorkbench(fakeChecker);
    const summary = await engine.run(
      [{ name: 'u.ndjson', blob: new Blob([lines.join('\n')]) }],
      options({ splitBytes: 300 }),
      () => undefined,
    );
    expect(summary.counts).toMatchObject({ total: 41, valid: 40, invalid: 1 });
    expect(summary.findingCounts.byCode).toEqual({ 'record.too-large': 1 });
    const downloads = await engine.downloads();
    const parts = downloads.filter((d) => d.kind === 'part');
    expect(parts).toHaveLength(summary.parts);
    expect(parts[0].fileName).toBe('u.part-001.json');
    for (const part of parts) expect(part.blob.size).toBeLessThanOrEqual(300);
    const zip = downloads.find((d) => d.kind === 'parts-zip');
    expect(Object.keys(unzipSync(new Uint8Array(await zip!.blob.arrayBuffer())))).toHaveLength(parts.length);
  });

  it("packs the parts' zip with the host's zip maker when it has one (the page's: a worker of its own)", async () => {
    const packed: string[][] = [];
    const engine = createWorkbench(createRecordChecker, {
      zip: (entries) => {
        packed.push(entries.map((entry) => entry.name));
        return Promise.resolve(new Blob(['zip'], { type: 'application/zip' }));
      },
    });
    const lines = Array.from({ length: 40 }, (_, i) => JSON.stringify({ email: `u${i}@example.com` }));
    const summary = await engine.run(
      [{ name: 'u.ndjson', blob: new Blob([lines.join('\n')]) }],
      options({ splitBytes: 300 }),
      () => undefined,
    );
    const zip = (await engine.downloads(['parts-zip']))[0];
    expect(await zip.blob.text()).toBe('zip');
    expect(packed).toEqual([
      Array.from({ length: summary.parts }, (_, i) => `u.part-${String(i + 1).padStart(3, '0')}.json`),
    ]);
  });

  it('reports a file that cannot be read, counts the records before the fault, and goes on to the next file', async () => {
    const engine = createWorkbench(fakeChecker);
    const summary = await engine.run(
      [
        { name: 'broken.json', blob: new Blob(['[{"email":"a@b.co"},\n{"email":"c@d.co"}']) },
        { name: 'good.csv', blob: new Blob(['email\ne@f.co\n']) },
      ],
      options(),
      () => undefined,
    );
    expect(summary.files[0].problem).toMatchObject({ file: 'broken.json', code: 'json.truncated', line: 2 });
    expect(summary.files[0].problem?.message).toContain('before the closing "]"');
    expect(summary.files[0].counts).toEqual({ total: 2, valid: 0, fixed: 0, invalid: 0, skipped: 2 });
    expect(summary.files[1]).toMatchObject({ format: 'csv', problem: null, counts: { valid: 1 } });
  });

  it('writes error reports with one row per finding', async () => {
    const engine = createWorkbench(fakeChecker);
    await engine.run([{ name: 'users.ndjson', blob: new Blob([ndjson]) }], options(), () => undefined);
    const [csv, json] = await engine.downloads(['error-report-csv', 'error-report-json']);
    const csvLines = new TextDecoder('utf-8', { ignoreBOM: true })
      .decode(await csv.blob.arrayBuffer())
      .trimEnd()
      .split('\r\n');
    expect(csvLines[0]).toBe('\uFEFFfile,record,line,path,code,severity,message,hint');
    expect(csvLines[1]).toBe('users.ndjson,1,2,/email,email.required,error,email is missing,Add an email');
    const report = JSON.parse(await json.blob.text());
    expect(report.summary.counts.total).toBe(4);
    expect(report.findings[1]).toMatchObject({ record: 2, line: 3, path: '', code: 'ndjson.parse' });
  });

  it('pages and filters 150k findings quickly', async () => {
    const text = Array.from({ length: 150_000 }, (_, i) =>
      i % 3 === 0 ? '{"email":"a@b.co"}' : `{"name":"n${i}"}`,
    ).join('\n');
    const engine = createWorkbench(fakeChecker);
    await engine.run(
      [{ name: 'many.ndjson', blob: new Blob([text]) }],
      options({ convert: false }),
      () => undefined,
    );
    const started = performance.now();
    const page = await engine.findings({
      offset: 99_990,
      limit: 20,
      severity: 'error',
      code: 'email.required',
      text: 'MISSING',
    });
    expect(performance.now() - started).toBeLessThan(200);
    expect(page.total).toBe(100_000);
    expect(page.rows).toHaveLength(10);
    expect(page.rows[0]).toMatchObject({ file: 'many.ndjson', record: 149_986, line: 149_987 });
    expect((await engine.findings({ offset: 0, limit: 5, text: 'no such text' })).total).toBe(0);
    expect((await engine.findings({ offset: 0, limit: 5, file: 'other' })).total).toBe(0);
  });

  it('reports throttled progress and stops when cancelled', async () => {
    const text = '{"email":"a@b.co","name":"padding padding padding"}\n'.repeat(200_000);
    const engine = createWorkbench(fakeChecker);
    const seen: WorkbenchProgress[] = [];
    const running = engine.run(
      [
        { name: 'a.ndjson', blob: new Blob([text]) },
        { name: 'b.ndjson', blob: new Blob([text]) },
      ],
      options(),
      (p) => {
        seen.push(p);
        if (p.records > 0 && p.fileIndex === 0) engine.cancel();
      },
    );
    const summary = await running;
    expect(summary.files[0].cancelled).toBe(true);
    expect(summary.files[0].counts.total).toBeGreaterThan(0);
    expect(summary.files[0].counts.total).toBeLessThan(200_000);
    expect(summary.files[1]).toMatchObject({ cancelled: true, counts: { total: 0 } });
    expect(seen[0]).toMatchObject({ file: 'a.ndjson', fileCount: 2, totalBytes: text.length });
  });

  it("tells the checker, after a file's first chunk, about how many records the rest of the file holds", async () => {
    const expected: number[] = [];
    const checker = (): RecordChecker => ({
      ...fakeChecker(),
      expectRecords: (records) => expected.push(records),
    });
    const users = Array.from({ length: 40_000 }, (_, i) => ({
      email: `user${i}@example.com`,
      name: `User ${i}`,
    }));
    const blob = new Blob([JSON.stringify(users)]);
    const summary = await createWorkbench(checker).run([{ name: 'users.json', blob }], options(), () => {});
    expect(summary.counts.valid).toBe(40_000);
    // Told once, with an estimate of the records still to come (the first chunk held at most half the file).
    expect(expected).toHaveLength(1);
    expect(expected[0]).toBeGreaterThan(40_000 * 0.4);
    expect(expected[0]).toBeLessThan(40_000 * 1.1);
  });

  it('has the checker give back what it remembers once, after the last file of a run, not between files', async () => {
    const events: string[] = [];
    const checker = (): RecordChecker => {
      const inner = fakeChecker();
      return {
        check: (source, file, text) => {
          events.push(`check ${file}`);
          return inner.check(source, file, text);
        },
        release: () => events.push('release'),
      };
    };
    const engine = createWorkbench(checker);
    const inputs = [
      { name: 'a.ndjson', blob: new Blob(['{"email":"a@b.co"}\n']) },
      { name: 'b.ndjson', blob: new Blob(['{"email":"c@d.co"}\n']) },
    ];
    await engine.run(inputs, options(), () => undefined);
    expect(events).toEqual(['check a.ndjson', 'check b.ndjson', 'release']);
    await engine.run(inputs, options(), () => undefined);
    expect(events.filter((event) => event === 'release')).toHaveLength(2);
  });

  it('lets queued tasks in every few milliseconds while a file is read record by record, not once a megabyte', async () => {
    // A custom checker: the file is read record by record (readFileRecords), as the converted CSV and the CLI read.
    const task = queuedTask();
    let checked = 0;
    const checker = (): RecordChecker => {
      const inner = fakeChecker();
      return {
        check: (source, file, text) => {
          task.counted(++checked);
          if (checked === 5_000) task.post();
          return inner.check(source, file, text);
        },
      };
    };
    const csv = new OneChunkBlob(usersCsv(40_000));
    expect(csv.size).toBeGreaterThan(1_200_000);
    const summary = await createWorkbench(checker).run(
      [{ name: 'u.csv', blob: csv }],
      options(),
      () => undefined,
    );
    expect(summary.counts.total).toBe(40_000);
    // Posted after the first progress report (which comes at once): the next turn, not the next megabyte, lets it in.
    expect(task.handledAfter).not.toBeNull();
    expect((task.handledAfter as number) - 5_000).toBeLessThan(5_000);
  });
});
