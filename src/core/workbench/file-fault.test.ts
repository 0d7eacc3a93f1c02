import { describe, expect, it } from 'vitest';
import { gzip, utf8 } from '../../../tests/fixtures/formats/chunked';
import type { OutputFormat, WorkbenchInput, WorkbenchOptions } from './contract';
import { createWorkbench } from './engine';

/** A file that fails partway must leave no trace in the outputs, and its good records are counted as skipped. */

const user = (n: number, extra = '') => `{"email":"user${n}@example.com","user_id":"id${n}"${extra}}`;
const lines = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => user(from + i)).join('\n') + '\n';

const good = (name: string, from: number, to: number): WorkbenchInput => ({
  name,
  blob: new Blob([lines(from, to)]),
});

/** Three ways a file fails after some records were read. */
const brokenFiles: Record<string, () => WorkbenchInput> = {
  'truncated JSON array': () => ({
    name: 'broken.json',
    blob: new Blob([`[\n${Array.from({ length: 30 }, (_, i) => user(100 + i)).join(',\n')},\n{"email":"cut`]),
  }),
  'unterminated CSV quote': () => ({
    name: 'broken.csv',
    blob: new Blob([
      'email,user_id,name\n' +
        Array.from({ length: 30 }, (_, i) => `user${100 + i}@example.com,id${100 + i},N`).join('\n') +
        '\nuser999@example.com,id999,"Never closed\n',
    ]),
  }),
  'bad gzip': () => {
    const whole = gzip(utf8(lines(100, 130)));
    // Cut before the end (the deflate stream and its checksum): the records decompressed so far are delivered.
    return { name: 'broken.ndjson.gz', blob: new Blob([whole.slice(0, whole.length - 12)]) };
  },
};

const options = (target: OutputFormat, overrides: Partial<WorkbenchOptions> = {}): WorkbenchOptions => ({
  target,
  splitBytes: 450_000,
  fix: true,
  ...overrides,
});

async function convertedText(engine: ReturnType<typeof createWorkbench>): Promise<string> {
  const downloads = await engine.downloads(['converted', 'part']);
  return (await Promise.all(downloads.map((d) => d.blob.text()))).join('');
}

const emailsIn = (text: string): string[] => [...text.matchAll(/user\d+@example\.com/g)].map((m) => m[0]);

describe('a file that fails partway', () => {
  for (const [what, broken] of Object.entries(brokenFiles)) {
    it(`${what}: contributes nothing to the import parts, and its good records count as skipped`, async () => {
      const engine = createWorkbench();
      // Small parts, so parts are closed while the broken file is read: those must go too.
      const summary = await engine.run(
        [good('before.ndjson', 0, 20), broken(), good('after.ndjson', 200, 220)],
        options('import', { splitBytes: 300 }),
        () => undefined,
      );
      const file = summary.files[1];
      expect(file.problem).not.toBeNull();
      expect(file.counts.total).toBeGreaterThan(0);
      expect(file.counts).toEqual({
        total: file.counts.total,
        valid: 0,
        fixed: 0,
        invalid: 0,
        skipped: file.counts.total,
      });
      expect(summary.counts.skipped).toBe(file.counts.total);
      expect(summary.findingCounts.byCode).toEqual({ 'file.unreadable-skipped': 1 });
      const [finding] = (await engine.findings({ offset: 0, limit: 10, code: 'file.unreadable-skipped' }))
        .rows;
      expect(finding).toMatchObject({ file: file.name, severity: 'warning', record: file.counts.total });
      expect(finding.message).toContain(
        `${file.counts.total} good records read before the fault were left out`,
      );

      const downloads = await engine.downloads(['part']);
      const texts = await Promise.all(downloads.map((d) => d.blob.text()));
      for (const text of texts) expect(Array.isArray(JSON.parse(text))).toBe(true);
      const emails = emailsIn(texts.join(''));
      expect(emails).toEqual([...emailsIn(lines(0, 20)), ...emailsIn(lines(200, 220))]);
      expect(summary.parts).toBe(downloads.length);
    });
  }

  for (const target of ['json', 'ndjson', 'csv'] as const) {
    it(`is left out of the converted ${target} file, columns included`, async () => {
      const engine = createWorkbench();
      const broken: WorkbenchInput = brokenFiles['bad gzip']();
      const truncatedTail: WorkbenchInput = {
        name: 'broken.json',
        blob: new Blob([`[${user(101, ',"given_name":"Gone"')},`]),
      };
      const summary = await engine.run(
        [good('a.ndjson', 0, 3), truncatedTail, good('b.ndjson', 3, 5), broken],
        options(target),
        () => undefined,
      );
      expect(summary.files.map((f) => f.problem === null)).toEqual([true, false, true, false]);
      const text = await convertedText(engine);
      expect(emailsIn(text)).toEqual(emailsIn(lines(0, 5)));
      expect(text).not.toContain('given_name');
      if (target === 'csv') expect(text.split('\r\n')[0]).toBe('email,user_id');
    });
  }

  it('is not named as the first of a duplicate: a later file with the same users is imported', async () => {
    const engine = createWorkbench();
    const truncated: WorkbenchInput = { name: 'cut.json', blob: new Blob([`[${user(1)},${user(2)},{"em`]) };
    const summary = await engine.run(
      [truncated, good('whole.ndjson', 1, 4)],
      options('import'),
      () => undefined,
    );
    expect(summary.files[1].counts).toMatchObject({ valid: 3, invalid: 0 });
    expect(emailsIn(await convertedText(engine))).toEqual(emailsIn(lines(1, 4)));
  });

  it('says nothing extra when no record was read before the fault', async () => {
    const engine = createWorkbench();
    const summary = await engine.run(
      [{ name: 'empty.json', blob: new Blob(['[']) }],
      options('import'),
      () => undefined,
    );
    expect(summary.files[0].problem?.code).toBe('json.truncated');
    expect(summary.findingCounts.byCode).toEqual({});
  });
});
