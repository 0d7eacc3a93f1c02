import { describe, expect, it } from 'vitest';
import { gzip, readBytes, readWithAllChunkSizes, utf8 } from '../../../tests/fixtures/formats/chunked';

describe('CSV reader', () => {
  it('reads quoted fields that span lines and chunks, with the line where each record starts', async () => {
    const text =
      'email,name,user_metadata.plan,app_metadata.roles,email_verified\r\n' +
      'zoë@example.com,"Zoë ""Z"" Doe, Jr.\r\nsecond line",gold,"[""admin""]",TRUE\r\n' +
      '\r\n' +
      'b@example.com,,,,0\r\n';
    for (const outcome of await readWithAllChunkSizes(utf8(text))) {
      expect(outcome.format).toBe('csv');
      expect(outcome.problem).toBeNull();
      expect(outcome.records.map((r) => r.line)).toEqual([2, 5]);
      expect(outcome.records[0].value).toEqual({
        email: 'zoë@example.com',
        name: 'Zoë "Z" Doe, Jr.\r\nsecond line',
        user_metadata: { plan: 'gold' },
        app_metadata: { roles: ['admin'] },
        email_verified: true,
      });
      // Empty cells are absent keys, not empty strings.
      expect(outcome.records[1].value).toEqual({ email: 'b@example.com', email_verified: false });
    }
  });

  it('maps the extension column names back to import keys and keeps unmappable ones', async () => {
    const outcome = await readBytes(
      utf8('Email,Given Name,Email Verified,Connection\nA@b.co,Ann,false,Username-Password\n'),
      7,
    );
    expect(outcome.records[0].value).toEqual({
      email: 'A@b.co',
      given_name: 'Ann',
      email_verified: false,
      Connection: 'Username-Password',
    });
  });

  it("undoes an Auth0 export's leading apostrophes, but only when the whole file uses them", async () => {
    const exported =
      "email,name,created_at,logins_count\n'a@b.co,'Ann,2024-01-02T03:04:05.000Z,3\n'c@d.co,'=1+1,2024-01-02T03:04:05Z,0\n";
    const outcome = await readBytes(utf8(exported), 7);
    expect(outcome.records.map((r) => r.value)).toEqual([
      { email: 'a@b.co', name: 'Ann', created_at: '2024-01-02T03:04:05.000Z', logins_count: '3' },
      { email: 'c@d.co', name: '=1+1', created_at: '2024-01-02T03:04:05Z', logins_count: '0' },
    ]);
    const ordinary = await readBytes(utf8("email,name\na@b.co,'Quoted' Ann\n"), 7);
    expect(ordinary.records[0].value).toEqual({ email: 'a@b.co', name: "'Quoted' Ann" });
  });

  it('reads semicolon files, a BOM and gzip', async () => {
    const outcome = await readBytes(gzip(utf8('\uFEFFemail;name\na@b.co;Ann\n')), 7);
    expect(outcome.compressed).toBe(true);
    expect(outcome.records[0]).toEqual({ index: 0, line: 2, value: { email: 'a@b.co', name: 'Ann' } });
  });

  it('keeps the delimiter found in the first rows for every later slice of the file', async () => {
    const text =
      'email;name;user_metadata.note\na@b.co;Ann;"x;y"\nc@d.co;"Cy, Jr.";plain\ne@f.co;Eve;"1\n2"\n';
    for (const outcome of await readWithAllChunkSizes(utf8(text))) {
      expect(outcome.records.map((r) => [r.line, r.value])).toEqual([
        [2, { email: 'a@b.co', name: 'Ann', user_metadata: { note: 'x;y' } }],
        [3, { email: 'c@d.co', name: 'Cy, Jr.', user_metadata: { note: 'plain' } }],
        [4, { email: 'e@f.co', name: 'Eve', user_metadata: { note: '1\n2' } }],
      ]);
    }
  });

  it('reports an unterminated quote as a file problem, and a row with too many values as a record finding', async () => {
    const open = await readBytes(utf8('email,name\na@b.co,"Ann\nb@c.co,Bob\n'), 7);
    expect(open.problem).toMatchObject({ code: 'csv.unterminated-quote', line: 2 });
    const wide = await readBytes(utf8('email,name\na@b.co,Ann,Smith\nc@d.co,Cy\n'), 7);
    expect(wide.unreadable).toMatchObject([{ index: 0, line: 2, issue: { code: 'csv.field-count' } }]);
    expect(wide.records).toMatchObject([{ index: 1, line: 3 }]);
  });

  it('never lets a __proto__ header reach the prototype', async () => {
    const outcome = await readBytes(
      utf8('email,__proto__.admin,user_metadata.__proto__\na@b.co,true,x\n'),
      7,
    );
    const value = outcome.records[0].value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
});
