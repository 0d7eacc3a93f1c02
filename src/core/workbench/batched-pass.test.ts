import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { gzip, utf8 } from '../../../tests/fixtures/formats/chunked';
import { seededRandom } from '../../../tests/fixtures/export/make-users';
import { createRecordChecker } from '../rules/record-checker';
import type { WorkbenchApi, WorkbenchInput, WorkbenchOptions } from './contract';
import { createWorkbench } from './engine';
import { createInProcessPool, type InProcessPoolOptions } from './in-process-pool';

/**
 * Batches must be invisible in the results: the same files read record by record (the reference: a custom checker
 * turns batches off), in batches on this thread, and in batches on helper "threads" (in-process, finishing out of
 * order, results cloned) give the same summary, the same findings in the same order, and byte-identical downloads.
 */

const fixture = (path: string): string =>
  readFileSync(new URL(`../../../tests/fixtures/${path}`, import.meta.url), 'utf8');

const user = (n: number, extra = ''): string =>
  `{"email":"user${n}@example.com","user_id":"id${n}","name":"User ${n}","user_metadata":{"plan":"p${n % 5}"}${extra}}`;

/**
 * 20,000 records with what real files hold: duplicates (near and far, differing in case, of invalid records),
 * fixable ids, schema errors, lines that are not JSON or not objects, blank and CRLF lines, an oversized and a
 * deeply nested record, and a tail cut off mid-record.
 */
function generatedNdjson(count: number, seed: number): string {
  const random = seededRandom(seed);
  const earlier = (n: number): number => Math.floor(random() * Math.max(1, n));
  const lines: string[] = [];
  for (let n = 0; n < count; n++) {
    const r = random();
    if (r < 0.01) lines.push(user(earlier(n)).replace('@example', '@EXAMPLE'));
    else if (r < 0.015) lines.push(`{"email":"other${n}@example.com","user_id":"id${earlier(n)}"}`);
    else if (r < 0.018) lines.push(`{"email":"x${n}@example.com","username":"name${n % 50}"}`);
    else if (r < 0.022) lines.push(`{"email":"user${n}@example.com", broken`);
    else if (r < 0.025) lines.push(r < 0.0235 ? '[1,2]' : '42');
    else if (r < 0.03) lines.push(r < 0.027 ? '' : '   \t');
    else if (r < 0.035) lines.push(`${user(n)}\r`);
    else if (r < 0.045) lines.push(user(n).replace(`"id${n}"`, `"auth0|id${n}"`));
    else if (r < 0.05) lines.push(`{"name":"no email ${n}","user_id":"id${n}"}`);
    else if (r < 0.052) lines.push(`{"email":"not an email ${n}","user_id":"id${n}"}`);
    else lines.push(user(n));
  }
  // One byte over the largest record a 20,000-byte import part holds (20,000 - 2): the checker refuses it.
  const padded = user(count / 2, ',"app_metadata":{"notes":""}');
  lines[count / 2] = padded.replace('"notes":""', `"notes":"${'x'.repeat(19_999 - padded.length)}"`);
  lines[count / 2 + 1] =
    `{"email":"deep@example.com","user_metadata":${'{"a":'.repeat(6000)}1${'}'.repeat(6000)}}`;
  return `${lines.join('\n')}\n${user(count).slice(0, 40)}`;
}

const big = generatedNdjson(20_000, 7);

const options = (overrides: Partial<WorkbenchOptions> = {}): WorkbenchOptions => ({
  target: 'import',
  splitBytes: 20_000,
  fix: true,
  workers: 2,
  ...overrides,
});

interface Snapshot {
  summary: unknown;
  findings: unknown;
  downloads: [string, string, string | Record<string, string>][];
}

async function snapshot(
  engine: WorkbenchApi,
  inputs: WorkbenchInput[],
  opts: WorkbenchOptions,
): Promise<Snapshot> {
  const summary = await engine.run(inputs, opts, () => undefined);
  const findings = await engine.findings({ offset: 0, limit: 10_000_000 });
  const downloads: Snapshot['downloads'] = [];
  for (const download of await engine.downloads()) {
    const bytes = new Uint8Array(await download.blob.arrayBuffer());
    const content =
      download.kind === 'parts-zip'
        ? Object.fromEntries(
            Object.entries(unzipSync(bytes)).map(([k, v]) => [k, new TextDecoder().decode(v)]),
          )
        : new TextDecoder().decode(bytes).replace(/"elapsedMs":\d+/, '"elapsedMs":0');
    downloads.push([download.kind, download.fileName, content]);
  }
  return { summary: { ...summary, elapsedMs: 0 }, findings, downloads };
}

/** How many findings of each code the run's summary counted. */
const findingsByCode = (snapshot: Snapshot): Record<string, number> =>
  (snapshot.summary as { findingCounts: { byCode: Record<string, number> } }).findingCounts.byCode;

interface FileProblem {
  code: string;
  line: number;
  column: number;
}

/** Each file's problem (what stopped it), or null, in input order. */
const fileProblems = (snapshot: Snapshot): (FileProblem | null)[] =>
  (snapshot.summary as { files: { problem: FileProblem | null }[] }).files.map((file) => file.problem);

async function compare(
  inputs: () => WorkbenchInput[],
  opts: WorkbenchOptions,
  pool: InProcessPoolOptions = { maxDelayMs: 2 },
): Promise<{ single: Snapshot; batches: number }> {
  const single = await snapshot(
    createWorkbench((o) => createRecordChecker(o)),
    inputs(),
    opts,
  );
  const here = await snapshot(createWorkbench(createRecordChecker, { batchBytes: 16_384 }), inputs(), {
    ...opts,
    workers: 0,
  });
  expect(here.summary).toEqual(single.summary);
  expect(here.findings).toEqual(single.findings);
  expect(here.downloads).toEqual(single.downloads);
  const helpers = createInProcessPool(pool);
  const engine = createWorkbench(createRecordChecker, { pool: helpers, batchBytes: 16_384 });
  const parallel = await snapshot(engine, inputs(), opts);
  expect(parallel.summary).toEqual(single.summary);
  expect(parallel.findings).toEqual(single.findings);
  expect(parallel.downloads).toEqual(single.downloads);
  return { single, batches: helpers.batches };
}

const file = (name: string, text: string | Uint8Array): WorkbenchInput => ({
  name,
  blob: new Blob([text]),
});

describe('the parallel pass gives the single-threaded results', () => {
  it('on 20,000 generated records, converted to import parts', async () => {
    const { single, batches } = await compare(() => [file('big.ndjson', big)], options());
    expect(batches).toBeGreaterThan(50);
    const byCode = findingsByCode(single);
    // The file really holds what the test is about.
    for (const code of [
      'duplicate.email',
      'duplicate.user_id',
      'duplicate.username',
      'ndjson.parse',
      'record.type',
    ])
      expect(byCode[code], code).toBeGreaterThan(0);
    expect(byCode['record.size']).toBe(1);
  }, 60_000);

  it('when some pieces of the file are all ASCII and others hold accents, other scripts and emoji', async () => {
    // Lines are found in the bytes of a piece that is not all ASCII, and where its text has them in one that is.
    const lines = big.split('\n');
    const mixed = lines
      .map((line, n) =>
        n > 12_000 && n % 9 === 0 ? line.replace(/"User (\d+)"/, '"Zoë Ñandú 山田 😀 $1"') : line,
      )
      .join('\n');
    expect(new TextEncoder().encode(mixed).length).toBeGreaterThan(mixed.length);
    const { single } = await compare(() => [file('mixed.ndjson', mixed)], options());
    expect(JSON.stringify(single.downloads)).toContain('Zoë Ñandú 山田 😀');
  }, 60_000);

  it('when most records take the exact path (decoded in pieces), then few, and with a bad byte there', async () => {
    // Capitals in the email domain: a warning, so no record of the first 12,000 lines is plain; some hold accents.
    const lines = big.split('\n').map((line, n) => {
      if (n >= 12_000) return line;
      const shouted = line.replace('@example', '@EXAMPLE');
      return n % 7 === 0 ? shouted.replace(/"User (\d+)"/, '"Zoë 山田 😀 $1"') : shouted;
    });
    const mostlyExact = lines.join('\n');
    const { single } = await compare(() => [file('shouted.ndjson', mostlyExact)], options());
    const byCode = findingsByCode(single);
    expect(byCode['email.case']).toBeGreaterThan(10_000);
    expect(JSON.stringify(single.downloads)).toContain('Zoë 山田 😀');
    const bytes = utf8(mostlyExact);
    bytes[bytes.indexOf(0x40, Math.floor(bytes.length * 0.3))] = 0xff;
    const broken = await compare(() => [file('bad.ndjson', bytes)], options());
    const problems = fileProblems(broken.single);
    expect(problems[0]?.code).toBe('encoding.not-utf8');
  }, 60_000);

  for (const target of ['json', 'ndjson'] as const) {
    it(`converted to ${target}, fixes off`, async () => {
      await compare(() => [file('big.ndjson', big)], options({ target, fix: false, splitBytes: 450_000 }));
    }, 60_000);
  }

  it('when only checking', async () => {
    await compare(() => [file('big.ndjson', big)], options({ convert: false }));
  }, 60_000);

  it('across files of other formats, read on this thread, sharing the duplicate memory', async () => {
    const inputs = (): WorkbenchInput[] => [
      file('first.json', `[\n${[3, 5, 8].map((n) => user(n)).join(',\n')}\n]`),
      file('big.ndjson', big),
      file('users.csv', 'email,user_id\nuser9@example.com,id9\nnew@example.com,idnew\n'),
      file('again.ndjson.gz', gzip(utf8(big.slice(0, 200_000)))),
      file('mixed.ndjson', fixture('formats/mixed-users.ndjson')),
      file('export.ndjson', fixture('rules/auth0-export.ndjson')),
      file('valid.json', fixture('rules/valid-users.json')),
    ];
    await compare(inputs, options({ splitBytes: 450_000 }));
  }, 60_000);

  it('when a file fails partway (held back) and when its first line is a pretty-printed object', async () => {
    // A byte that is not UTF-8 at 60%: decoding stops there. (A cut-off gzip file also fails partway, but where is
    // up to the stream: decompressed data not yet read when it errors is dropped, in either path.)
    const bytes = utf8(big);
    bytes[Math.floor(bytes.length * 0.6)] = 0xff;
    const inputs = (): WorkbenchInput[] => [
      file('before.ndjson', big.slice(0, 50_000)),
      file('bad-byte.ndjson', bytes),
      file('pretty.ndjson', '{\n  "email": "a@b.co"\n}\n' + big.slice(0, 100_000)),
      file('after.ndjson', big.slice(0, 80_000)),
    ];
    const { single } = await compare(inputs, options({ splitBytes: 450_000 }));
    const problems = fileProblems(single);
    expect(problems.map((problem) => problem?.code ?? null)).toEqual([
      null,
      'encoding.not-utf8',
      'ndjson.multiline-object',
      null,
    ]);
  }, 60_000);

  describe('a JSON array, cut into batches of elements', () => {
    /**
     * What array files hold beyond NDJSON's cases: pretty-printed elements over several lines, strings holding
     * brackets, braces, escaped quotes and backslashes, elements that are not valid JSON inside balanced braces,
     * CRLF and blank lines between elements, and text in other scripts. Near the end, a record nested too deeply to
     * batch, after which a reader takes over and reads the rest of the file record by record.
     */
    function generatedArray(count: number, seed: number): string {
      const random = seededRandom(seed);
      const earlier = (n: number): number => Math.floor(random() * Math.max(1, n));
      const elements: string[] = [];
      for (let n = 0; n < count; n++) {
        const r = random();
        if (r < 0.01) elements.push(user(earlier(n)).replace('@example', '@EXAMPLE'));
        else if (r < 0.015) elements.push(`{"email":"other${n}@example.com","user_id":"id${earlier(n)}"}`);
        else if (r < 0.02) elements.push(JSON.stringify(JSON.parse(user(n)), null, 2));
        else if (r < 0.025) elements.push(`{"email":"x${n}@example.com", "blocked": tru}`);
        else if (r < 0.03)
          elements.push(
            `{"email":"q${n}@example.com","name":"a \\"}]{[\\\\ \\\\\\" ${n}","nickname":"\\u00e9"}`,
          );
        else if (r < 0.035) elements.push(`${user(n)}\r`);
        else if (r < 0.04) elements.push(`\n  ${user(n)}\n`);
        else if (r < 0.045) elements.push(user(n).replace(`"id${n}"`, `"auth0|id${n}"`));
        else if (r < 0.05) elements.push(user(n).replace(`"User ${n}"`, `"Zoë Ñandú 山田 😀 ${n}"`));
        else if (r < 0.052) elements.push(`{"email":"not an email ${n}","user_id":"id${n}"}`);
        else elements.push(user(n));
      }
      elements[count - 30] =
        `{"email":"deep@example.com","user_metadata":${'{"a":'.repeat(150)}1${'}'.repeat(150)}}`;
      return `[\n${elements.join(',\n')}\n]\n`;
    }

    const array = generatedArray(20_000, 11);

    it('gives what the reader gives: same summary, findings and downloads', async () => {
      const { single, batches } = await compare(() => [file('big.json', array)], options());
      expect(batches).toBeGreaterThan(10);
      const byCode = findingsByCode(single);
      // The file really holds what the test is about.
      for (const code of [
        'json.parse',
        'json.too-deep',
        'duplicate.email',
        'duplicate.user_id',
        'email.case',
      ])
        expect(byCode[code], code).toBeGreaterThan(0);
      expect(JSON.stringify(single.downloads)).toContain('Zoë Ñandú 山田 😀');
    }, 60_000);

    it('converted to NDJSON, when only checking, and gzipped', async () => {
      await compare(() => [file('big.json', array)], options({ target: 'ndjson', fix: false }));
      await compare(() => [file('big.json', array)], options({ convert: false }));
      await compare(() => [file('big.json.gz', gzip(utf8(array)))], options());
    }, 60_000);

    // Each fault comes after thousands of elements, so batches were applied before the reader took over.
    const many = array.slice(0, array.lastIndexOf(',\n', 300_000));
    const faults: [string, string, string][] = [
      ['a trailing comma', `${many},\n]`, 'json.trailing-comma'],
      ['a missing comma', `${many}\n{"email":"a@b.co"}\n]`, 'json.expected-comma'],
      ['a cut-off element', `${many},\n{"email":"a@b`, 'json.truncated'],
      ['no closing bracket', `${many}\n`, 'json.truncated'],
      ['text after the array', `${many}\n] x`, 'json.trailing-text'],
      ['a mismatched bracket', `${many},\n{"email":"a@b.co","r":[1}]`, 'json.mismatched-bracket'],
      ['elements that are not objects', `${many},\n42, [1], "s", null,\n${user(1)}\n]`, ''],
      ['an empty array', '[ ]', ''],
      ['a byte order mark and CRLF line ends', `\uFEFF${many.replaceAll('\n', '\r\n')}\r\n]\r\n`, ''],
    ];
    for (const [what, text, code] of faults) {
      it(`with ${what}`, async () => {
        const { single } = await compare(() => [file('fault.json', text)], options({ splitBytes: 450_000 }));
        const problems = fileProblems(single);
        expect(problems[0]?.code ?? '').toBe(code);
      }, 60_000);
    }

    it('on 150 small arrays, each damaged at a random place', async () => {
      // Whatever the damage (a byte cut out or put in where it breaks strings, brackets, escapes or UTF-8), batches
      // then the reader give what the reader alone gives. Seeded: a failure repeats.
      const random = seededRandom(23);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
      const inserts = [',', ']', '}', '{', '[', '"', '\\', '\n', ' 7', 'é', '😀', '\u0000'];
      for (let n = 0; n < 150; n++) {
        const records = Array.from({ length: 100 + Math.floor(random() * 200) }, (_, k) =>
          random() < 0.2
            ? JSON.stringify(JSON.parse(user(k)), null, 1)
            : user(k).replace('User', pick(['Zoë', 'A\\"b', '山田'])),
        );
        const bytes = utf8(`[${pick(['', '\n', ' \r\n'])}${records.join(pick([',', ',\n', ' ,\r\n  ']))}\n]`);
        const at = Math.floor(random() * bytes.length);
        const damaged =
          random() < 0.3
            ? new Uint8Array([...bytes.subarray(0, at), ...bytes.subarray(at + 1)])
            : random() < 0.9
              ? new Uint8Array([...bytes.subarray(0, at), ...utf8(pick(inserts)), ...bytes.subarray(at)])
              : new Uint8Array([...bytes.subarray(0, at), 0xff, ...bytes.subarray(at)]);
        await compare(() => [file(`damaged-${n}.json`, damaged)], options({ splitBytes: 4_000 }), {
          maxDelayMs: 0,
        });
      }
    }, 120_000);

    it('when most elements take the exact path (decoded in pieces), and with a bad byte there', async () => {
      const shouted = array.replaceAll('@example', '@EXAMPLE');
      const { single } = await compare(() => [file('shouted.json', shouted)], options());
      const byCode = findingsByCode(single);
      expect(byCode['email.case']).toBeGreaterThan(15_000);
      const bytes = utf8(shouted);
      bytes[bytes.indexOf(0x40, Math.floor(bytes.length * 0.4))] = 0xff;
      const broken = await compare(() => [file('bad.json', bytes)], options({ splitBytes: 450_000 }));
      const problems = fileProblems(broken.single);
      expect(problems[0]?.code).toBe('encoding.not-utf8');
    }, 120_000);

    it('on one long line: a fault keeps its column after batches cut the line (accents before it)', async () => {
      const line = Array.from({ length: 3000 }, (_, n) => user(n).replace('User', 'Zoë')).join(',');
      const text = `[${line} {"email":"late@example.com"}]`;
      const { single } = await compare(() => [file('line.json', text)], options({ splitBytes: 450_000 }));
      const problem = fileProblems(single)[0];
      expect(problem).toMatchObject({ line: 1, column: line.length + 3 });
    }, 60_000);

    it('with a byte that is not UTF-8 inside an element and between elements', async () => {
      for (const at of [0.5, -1]) {
        const bytes = utf8(many + ',\n' + user(1) + '\n]');
        const where = at > 0 ? bytes.indexOf(0x40, Math.floor(bytes.length * at)) : bytes.length - 2;
        bytes[where] = 0xff;
        const { single } = await compare(() => [file('bad.json', bytes)], options({ splitBytes: 450_000 }));
        const problems = fileProblems(single);
        expect(problems[0]?.code).toBe('encoding.not-utf8');
      }
    }, 60_000);
  });

  it('when helpers fail (their batches are checked on this thread instead)', async () => {
    const fails = (request: { seq: number }): boolean => request.seq % 3 === 1;
    await compare(() => [file('big.ndjson', big)], options(), { fails, maxDelayMs: 1 });
  }, 60_000);
});

describe('helper threads are used', () => {
  const run = async (opts: WorkbenchOptions, text = big): Promise<number> => {
    const pool = createInProcessPool({ autoSize: 2 });
    await createWorkbench(createRecordChecker, { pool }).run([file('u.ndjson', text)], opts, () => undefined);
    return pool.batches;
  };

  it('not for 0 workers, a converted CSV, a custom checker, or small files with "auto"', async () => {
    expect(await run(options({ workers: 0 }))).toBe(0);
    expect(await run(options({ target: 'csv' }))).toBe(0);
    expect(await run(options({ workers: 'auto' }))).toBe(0);
    const pool = createInProcessPool();
    await createWorkbench((o) => createRecordChecker(o), { pool }).run(
      [file('u.ndjson', big)],
      options(),
      () => undefined,
    );
    expect(pool.batches).toBe(0);
  });

  it('with "auto" for a file over 8 MB', async () => {
    expect(await run(options({ workers: 'auto', convert: false }), big.repeat(5))).toBeGreaterThan(0);
  }, 60_000);
});

describe('a parallel run', () => {
  const arrayOf = (ndjson: string): string =>
    `[\n${ndjson
      .split('\n')
      .filter((line) => line.startsWith('{"email":"user'))
      .join(',\n')}\n]`;
  for (const [name, text] of [
    ['big.ndjson', big.repeat(3)],
    ['big.json', arrayOf(big.repeat(3))],
  ] as const) {
    it(`reports progress and stops on cancel, keeping what it applied consistent (${name})`, async () => {
      const engine = createWorkbench(createRecordChecker, {
        pool: createInProcessPool({ maxDelayMs: 3 }),
        batchBytes: 16_384,
      });
      let updates = 0;
      const summary = await engine.run([file(name, text)], options(), () => {
        updates++;
        engine.cancel();
      });
      expect(updates).toBeGreaterThan(0);
      expect(summary.files[0].cancelled).toBe(true);
      const { total, valid, fixed, invalid, skipped } = summary.counts;
      expect(total).toBeGreaterThan(0);
      expect(total).toBeLessThan(50_000);
      expect(valid + fixed + invalid + skipped).toBe(total);
      const parts = await engine.downloads(['converted', 'part']);
      const records = (await Promise.all(parts.map((p) => p.blob.text()))).reduce(
        (sum, part) => sum + (JSON.parse(part) as unknown[]).length,
        0,
      );
      expect(records).toBe(valid + fixed);
    }, 60_000);
  }
});
