import { describe, expect, it } from 'vitest';
import type { WorkbenchOptions } from './contract';
import { createWorkbench } from './engine';

const records = [
  { email: 'a@example.com', name: '=HYPERLINK("http://evil")', nickname: 'semi;colon' },
  { email: 'b@example.com', name: '+1 tab\tinside', user_metadata: { note: '@mention', plain: 'x' } },
];

async function convertedCsv(overrides: Partial<WorkbenchOptions>): Promise<Uint8Array> {
  const engine = createWorkbench();
  const text = records.map((record) => JSON.stringify(record)).join('\n');
  await engine.run(
    [{ name: 'users.ndjson', blob: new Blob([text]) }],
    { target: 'csv', splitBytes: 450_000, fix: true, ...overrides },
    () => undefined,
  );
  const [converted] = await engine.downloads(['converted']);
  expect(converted.fileName).toBe('users.converted.csv');
  return new Uint8Array(await converted.blob.arrayBuffer());
}

const decode = (bytes: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);

describe('converted CSV options', () => {
  it('defaults to commas, no BOM, and cells that spreadsheets will not run as formulas', async () => {
    const bytes = await convertedCsv({});
    expect([...bytes.slice(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    expect(decode(bytes).split('\r\n')).toEqual([
      'email,name,nickname,user_metadata.note,user_metadata.plain',
      `a@example.com,"'=HYPERLINK(""http://evil"")",semi;colon,,`,
      "b@example.com,'+1 tab\tinside,,'@mention,x",
      '',
    ]);
  });

  it('writes semicolons or tabs, a BOM for Excel, and raw cells when protection is off', async () => {
    const semicolon = decode(
      await convertedCsv({ csvDelimiter: ';', csvBom: true, csvFormulaProtection: false }),
    );
    expect(semicolon.split('\r\n')).toEqual([
      '\uFEFFemail;name;nickname;user_metadata.note;user_metadata.plain',
      'a@example.com;"=HYPERLINK(""http://evil"")";"semi;colon";;',
      'b@example.com;+1 tab\tinside;;@mention;x',
      '',
    ]);
    const tab = decode(await convertedCsv({ csvDelimiter: '\t' }));
    expect(tab.split('\r\n')[2]).toBe('b@example.com\t"\'+1 tab\tinside"\t\t\'@mention\tx');
  });
});
