import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { chunkedStream, gzip, utf8 } from '../../../../tests/fixtures/formats/chunked';
import { makeUsers } from '../../../../tests/fixtures/export/make-users';
import { defaultExportFields } from '../field-spec';
import { createExportEngine } from './export-engine';
import type { EngineProgress } from './export-engine';
import { defaultCsvOptions } from './output-spec';
import type { ExportOutputSpec } from './output-spec';
import { RecordChannel } from './record-channel';
import { StreamSink } from './text-sink';

const spec = (over: Partial<ExportOutputSpec> = {}): ExportOutputSpec => ({
  format: 'json',
  fields: [
    { source: 'email', column: 'Email' },
    { source: 'email_verified', column: 'Verified' },
    { source: 'logins_count', column: 'Logins' },
  ],
  sort: null,
  csv: { ...defaultCsvOptions },
  ...over,
});

const ndjsonGz = (users: unknown[]) => gzip(utf8(users.map((u) => JSON.stringify(u)).join('\n') + '\n'));
const noProgress = (_: EngineProgress) => undefined;

describe('export engine: transformFile', () => {
  it('turns a gzip NDJSON export into a JSON array, keeping false and 0, in any chunking', async () => {
    const users = [
      { email: 'a@x.org', email_verified: false, logins_count: 0 },
      { email: 'b@x.org', email_verified: true, logins_count: 3 },
    ];
    for (const size of [1, 7, 65_536]) {
      const engine = createExportEngine();
      const result = await engine.transformFile(
        chunkedStream(ndjsonGz(users), size),
        spec(),
        { kind: 'blob' },
        noProgress,
      );
      expect(JSON.parse(await (result.blob as Blob).text())).toEqual([
        { Email: 'a@x.org', Verified: false, Logins: 0 },
        { Email: 'b@x.org', Verified: true, Logins: 3 },
      ]);
      expect(result.counts).toEqual({ read: 2, written: 2, skipped: 0, warnings: 0 });
    }
  });

  it('writes CSV a strict parser reads back cell by cell, with BOM, delimiter and formula protection', async () => {
    const users = [
      {
        email: 'a@x.org',
        email_verified: false,
        logins_count: 0,
        given_name: '=HYPERLINK("x")',
        user_metadata: { b: 1, a: 'x,y' },
      },
      { email: 'b@x.org', email_verified: true, logins_count: -5, given_name: 'Line\nbreak "quoted"' },
    ];
    const fields = [
      ...spec().fields,
      { source: 'given_name', column: 'Given; Name' },
      { source: 'user_metadata', column: 'Meta' },
    ];
    const engine = createExportEngine();
    const csv = { delimiter: ';', bom: true, formulaProtection: true };
    const result = await engine.transformFile(
      new Blob([ndjsonGz(users)]),
      spec({ format: 'csv', fields, csv }),
      { kind: 'blob' },
      noProgress,
    );
    const bytes = new Uint8Array(await (result.blob as Blob).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const parsed = Papa.parse<string[]>(text.slice(1), {
      delimiter: ';',
      newline: '\r\n',
      skipEmptyLines: true,
    });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data).toEqual([
      ['Email', 'Verified', 'Logins', 'Given; Name', 'Meta'],
      ['a@x.org', 'false', '0', `'=HYPERLINK("x")`, '{"a":"x,y","b":1}'],
      ['b@x.org', 'true', '-5', 'Line\nbreak "quoted"', ''],
    ]);
  });

  it('sorts with the external sort (runs in Blobs) both ways, stable, missing last', async () => {
    const users = makeUsers(3000, 7);
    const engine = createExportEngine({ runSize: 400 });
    const sorted = async (direction: 'asc' | 'desc') => {
      const result = await engine.transformFile(
        new Blob([ndjsonGz(users)]),
        spec({
          format: 'ndjson',
          fields: [
            { source: 'user_id', column: 'id' },
            { source: 'given_name', column: 'g' },
          ],
          sort: { source: 'given_name', direction },
        }),
        { kind: 'blob' },
        noProgress,
      );
      return (await (result.blob as Blob).text())
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { id: string; g?: string });
    };
    for (const direction of ['asc', 'desc'] as const) {
      const rows = await sorted(direction);
      expect(rows).toHaveLength(3000);
      const named = rows.filter((r) => r.g !== undefined && r.g !== '');
      const collator = new Intl.Collator('und', { numeric: true });
      for (let i = 1; i < named.length; i++) {
        const order = collator.compare(named[i - 1].g as string, named[i].g as string);
        expect(direction === 'asc' ? order <= 0 : order >= 0).toBe(true);
      }
      // Missing names come after every named row, in input order (stable).
      expect(rows.slice(named.length).every((r) => r.g === undefined || r.g === '')).toBe(true);
      const inputOrder = users.map((u) => u.user_id);
      const missing = rows.slice(named.length).map((r) => inputOrder.indexOf(r.id));
      expect(missing).toEqual([...missing].sort((a, b) => a - b));
    }
  });

  it('leaves an empty cell and a warning naming the user when an expression throws', async () => {
    const users = [
      { email: 'a@x.org', name: 'Ann' },
      { email: 'b@x.org', name: { first: 'B' } },
    ];
    const engine = createExportEngine();
    const result = await engine.transformFile(
      new Blob([ndjsonGz(users)]),
      spec({
        format: 'csv',
        fields: [
          { source: 'email', column: 'E' },
          { source: 'user.name.toUpperCase()', column: 'Upper' },
        ],
      }),
      { kind: 'blob' },
      noProgress,
    );
    expect(await (result.blob as Blob).text()).toBe('E,Upper\r\na@x.org,ANN\r\nb@x.org,\r\n');
    expect(result.counts.warnings).toBe(1);
    expect(result.problems).toEqual([expect.objectContaining({ row: 2, user: 'b@x.org', column: 'Upper' })]);
  });

  it('writes import-ready records an import accepts: auth0| stripped, export-only keys dropped', async () => {
    const users = [
      {
        user_id: 'auth0|abc',
        email: 'a@x.org',
        created_at: '2024-01-01T00:00:00.000Z',
        logins_count: 2,
        identities: [],
        user_metadata: { plan: 'pro' },
      },
    ];
    const engine = createExportEngine();
    const result = await engine.transformFile(
      new Blob([ndjsonGz(users)]),
      spec({ format: 'import-ready', fields: [] }),
      { kind: 'blob' },
      noProgress,
    );
    expect(JSON.parse(await (result.blob as Blob).text())).toEqual([
      { user_id: 'abc', email: 'a@x.org', user_metadata: { plan: 'pro' } },
    ]);
  });

  it('reports unreadable lines with their line number and carries on', async () => {
    const engine = createExportEngine();
    const text = '{"email":"a@x.org"}\n{"email": broken\n{"email":"c@x.org"}\n';
    const result = await engine.transformFile(
      new Blob([text]),
      spec({ format: 'ndjson' }),
      { kind: 'blob' },
      noProgress,
    );
    expect(result.counts.written).toBe(2);
    expect(result.unreadable).toBe(1);
    expect(result.problems[0]).toMatchObject({ user: 'line 2' });
  });

  it('fails with the reader’s message on a file that is not an export, and closes the output', async () => {
    const engine = createExportEngine();
    const broken = gzip(utf8('{"email":"a@x.org"}\n')).slice(0, 20);
    await expect(
      engine.transformFile(new Blob([broken]), spec(), { kind: 'blob' }, noProgress),
    ).rejects.toThrow(/gzip|decompress/i);
  });

  it('writes to a byte stream (a file on disk) in batches', async () => {
    const chunks: Uint8Array[] = [];
    const stream = new WritableStream<Uint8Array>({ write: (chunk) => void chunks.push(chunk) });
    const engine = createExportEngine();
    const users = makeUsers(50, 1);
    const result = await engine.transformFile(
      new Blob([ndjsonGz(users)]),
      spec({ format: 'ndjson' }),
      { kind: 'stream', stream },
      noProgress,
    );
    expect(result.blob).toBeNull();
    const text = new TextDecoder().decode(Buffer.concat(chunks));
    expect(text.trim().split('\n')).toHaveLength(50);
    expect(result.bytesOut).toBe(utf8(text).length);
  });
});

describe('export engine: search batches and cancel', () => {
  it('takes users in batches and writes them in order', async () => {
    const engine = createExportEngine();
    const progress: EngineProgress[] = [];
    engine.beginRecords(
      spec({ format: 'ndjson', fields: [{ source: 'email', column: 'e' }] }),
      { kind: 'blob' },
      (p) => progress.push(p),
    );
    await engine.addRecords([{ email: '1' }, { email: '2' }]);
    await engine.addRecords([{ email: '3' }]);
    const result = await engine.endRecords();
    expect(await (result.blob as Blob).text()).toBe('{"e":"1"}\n{"e":"2"}\n{"e":"3"}\n');
    expect(progress.at(-1)?.written).toBe(3);
  });

  it('stops on cancel and gives no file', async () => {
    const engine = createExportEngine();
    const users = makeUsers(20_000, 2);
    let cancelledAt = 0;
    const result = await engine.transformFile(new Blob([ndjsonGz(users)]), spec(), { kind: 'blob' }, (p) => {
      if (p.written >= 2000 && cancelledAt === 0) {
        cancelledAt = p.written;
        engine.cancel();
      }
    });
    expect(result.cancelled).toBe(true);
    expect(result.blob).toBeNull();
    expect(result.counts.written).toBeLessThan(20_000);
  });
});

describe('export engine: update diff', () => {
  it('reads the original export and the edited copy and says what changes', async () => {
    const engine = createExportEngine();
    const original = [
      { email: 'a@x.org', given_name: 'Ann', user_metadata: { plan: 'free' } },
      { email: 'b@x.org', name: 'B' },
    ];
    const edited = [
      { email: 'a@x.org', given_name: 'Anna', user_metadata: { plan: 'pro' } },
      { email: 'b@x.org', name: 'B' },
    ];
    const diff = await engine.diffUpdate({
      original: new Blob([JSON.stringify(original)]),
      originalName: 'export.json',
      edited: new Blob([JSON.stringify(edited)]),
      editedName: 'edited.json',
    });
    expect(diff.summary).toMatchObject({ matched: 2, changed: 1, unchanged: 1 });
    expect(diff.upload).toEqual([edited[0]]);
    expect(diff.users[0].changes.map((c) => c.path).sort()).toEqual(['/given_name', '/user_metadata/plan']);
  });
});

describe('RecordChannel', () => {
  it('delivers batches in order and waits for the consumer', async () => {
    const channel = new RecordChannel<number>();
    const seen: number[] = [];
    const consuming = (async () => {
      for await (const n of channel) seen.push(n);
    })();
    await channel.put([1, 2]);
    await channel.put([3]);
    channel.close();
    await consuming;
    expect(seen).toEqual([1, 2, 3]);
  });

  it('releases a waiting producer when the consumer abandons', async () => {
    const channel = new RecordChannel<number>();
    const put = channel.put([1]);
    channel.abandon();
    await expect(put).resolves.toBeUndefined();
  });
});

describe('StreamSink', () => {
  it('aborts the stream on failure without writing the rest', async () => {
    let aborted = false;
    const sink = new StreamSink(new WritableStream<Uint8Array>({ abort: () => void (aborted = true) }), 4);
    await sink.write('ab');
    await sink.abort(new Error('x'));
    expect(aborted).toBe(true);
  });
});

void defaultExportFields;
