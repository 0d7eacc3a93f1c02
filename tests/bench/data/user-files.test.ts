import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordChecker } from '../../../src/core/rules/record-checker';
import { ensureUserFiles, type UserFileSet } from './user-files';

const count = 3_000;
let dir = '';
let set: UserFileSet;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ferry-bench-data-'));
  set = await ensureUserFiles(dir, 'test', count, () => undefined);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ndjsonUsers = async (): Promise<Record<string, unknown>[]> =>
  (await readFile(join(dir, set.files.ndjson.name), 'utf8'))
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('bench user files', () => {
  it('write the same users in all three formats', async () => {
    const users = await ndjsonUsers();
    expect(users).toHaveLength(count);
    const array = JSON.parse(await readFile(join(dir, set.files.json.name), 'utf8')) as unknown[];
    expect(array).toEqual(users);
    const csv = Papa.parse<Record<string, string>>(await readFile(join(dir, set.files.csv.name), 'utf8'), {
      header: true,
      skipEmptyLines: true,
    });
    expect(csv.errors).toEqual([]);
    expect(csv.data).toHaveLength(count);
    // Nested values are JSON text in their cell, and round-trip exactly.
    const withHash = users.findIndex((user) => user.custom_password_hash !== undefined);
    expect(JSON.parse(csv.data[withHash].custom_password_hash)).toEqual(users[withHash].custom_password_hash);
    expect(csv.data[0].email).toBe(users[0].email);
  });

  it('label each record as the real checker judges it', async () => {
    const checker = createRecordChecker({ fix: true, jobSizeBytes: 450_000 });
    const verdicts = { valid: 0, fixable: 0, invalid: 0 };
    for (const [index, value] of (await ndjsonUsers()).entries()) {
      const checked = checker.check({ index, line: index + 1, value }, 'users.ndjson');
      verdicts[!checked.valid ? 'invalid' : checked.fixes.length ? 'fixable' : 'valid'] += 1;
    }
    expect(verdicts).toEqual(set.kinds);
    expect(set.kinds.invalid / count).toBeGreaterThan(0.01);
    expect(set.kinds.invalid / count).toBeLessThan(0.03);
  });

  it('are deterministic and not rewritten when already current', async () => {
    const before = await stat(join(dir, set.files.ndjson.name));
    const again = await ensureUserFiles(dir, 'test', count, () => undefined);
    expect(again).toEqual({ ...set, generatorVersion: expect.any(Number) });
    expect((await stat(join(dir, set.files.ndjson.name))).mtimeMs).toBe(before.mtimeMs);
    const elsewhere = await mkdtemp(join(tmpdir(), 'ferry-bench-data-'));
    try {
      const fresh = await ensureUserFiles(elsewhere, 'test', count, () => undefined);
      expect(await readFile(join(elsewhere, fresh.files.ndjson.name))).toEqual(
        await readFile(join(dir, set.files.ndjson.name)),
      );
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });
});
