import { describe, expect, it } from 'vitest';
import { readBytes, utf8 } from '../../../tests/fixtures/formats/chunked';
import { CsvColumnCollector } from './csv-columns';
import { csvCell, writeCsv } from './csv-writer';

describe('CSV writer', () => {
  it('quotes only when needed, doubles quotes, ends lines with CRLF', () => {
    const rows = [{ email: 'a@b.co', name: 'Doe, "J"', note: 'two\nlines', count: 0, ok: false }];
    const text = [
      ...writeCsv(rows, [
        { path: 'email', header: 'Email' },
        { path: 'name' },
        { path: 'note' },
        { path: 'count' },
        { path: 'ok' },
      ]),
    ].join('');
    expect(text).toBe('Email,name,note,count,ok\r\na@b.co,"Doe, ""J""","two\nlines",0,false\r\n');
  });

  it('writes nested values as JSON, follows paths with indexes, and adds a BOM and delimiter on request', () => {
    const row = { app_metadata: { roles: ['a'] }, identities: [{ connection: 'db' }] };
    const text = [
      ...writeCsv(
        [row],
        [{ path: 'app_metadata' }, { path: 'identities[0].connection' }, { path: 'missing.deep' }],
        { bom: true, delimiter: ';' },
      ),
    ].join('');
    expect(text).toBe(
      '\uFEFFapp_metadata;identities[0].connection;missing.deep\r\n"{""roles"":[""a""]}";db;\r\n',
    );
  });

  it('protects against formulas only when asked', () => {
    for (const cell of ['=SUM(A1)', '+1', '-2', '@x', '\tx']) {
      expect(csvCell(cell, { formulaProtection: true }).replace(/^"|"$/g, '')).toBe(`'${cell}`);
      expect(csvCell(cell)).not.toContain("'");
    }
    expect(csvCell(-2, { formulaProtection: true })).toBe('-2');
  });

  it('round-trips through the CSV reader with metadata spread into columns', async () => {
    const records = [
      { email: 'a@b.co', email_verified: true, user_metadata: { plan: 'gold', 'x y': 'z' } },
      { email: 'c@d.co', app_metadata: { roles: ['admin'] }, name: 'Line\nbreak, "quoted"' },
    ];
    const collector = new CsvColumnCollector();
    records.forEach((r) => collector.add(r));
    expect(collector.columns().map((c) => c.path)).toEqual([
      'email',
      'email_verified',
      'user_metadata.plan',
      'user_metadata.x y',
      'app_metadata.roles',
      'name',
    ]);
    const text = [...writeCsv(records, collector.columns())].join('');
    const back = await readBytes(utf8(text), 7);
    expect(back.records.map((r) => r.value)).toEqual(records);
  });
});
