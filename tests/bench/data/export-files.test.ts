import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixExportedUser } from '../../../src/core/convert/export-to-import';
import { createRecordChecker } from '../../../src/core/rules/record-checker';
import { ensureExportFile, type ExportFile } from './export-files';

const count = 2_000;
let dir = '';
let file: ExportFile;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ferry-bench-export-'));
  file = await ensureExportFile(dir, 'test', count, () => undefined);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const exportedUsers = async (): Promise<Record<string, unknown>[]> => {
  const text = gunzipSync(await readFile(join(dir, file.name))).toString('utf8');
  expect(Buffer.byteLength(text)).toBe(file.ndjsonBytes);
  return text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
};

describe('bench export file', () => {
  it('holds one exported user per line, shaped as an Auth0 export returns them', async () => {
    const users = await exportedUsers();
    expect(users).toHaveLength(count);
    expect(new Set(users.map((u) => u.email)).size).toBe(count);
    for (const user of users) {
      expect(user.user_id).toMatch(/^auth0\|[0-9a-f]{24}$/);
      expect(user).not.toHaveProperty('custom_password_hash');
      expect(user.identities).toEqual([expect.objectContaining({ connection: 'Username-Password-Authentication' })]); // prettier-ignore
      expect(Date.parse(String(user.updated_at))).toBeGreaterThanOrEqual(Date.parse(String(user.created_at)));
      expect(typeof user.logins_count).toBe('number');
    }
  });

  it('converts to import records that pass the checks', async () => {
    const checker = createRecordChecker({ fix: true, jobSizeBytes: 450_000 });
    const users = await exportedUsers();
    const invalid = users.filter((user, index) => {
      const value = fixExportedUser(user).value;
      return !checker.check({ index, line: index + 1, value }, 'export.ndjson').valid;
    });
    expect(invalid).toEqual([]);
  });

  it('is written once and reused while nothing changed', async () => {
    const before = (await stat(join(dir, file.name))).mtimeMs;
    const again = await ensureExportFile(dir, 'test', count, () => undefined);
    expect(again).toEqual(file);
    expect((await stat(join(dir, file.name))).mtimeMs).toBe(before);
  });
});
