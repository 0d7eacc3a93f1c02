import { describe, expect, it } from 'vitest';
import { makeUsers } from '../../../tests/fixtures/export/make-users';
import { toImportReady } from '../export/import-ready';
import { diffAttributes, jsonEqual } from './attribute-diff';
import { diffBulkUpdate } from './bulk-diff';

const original = [
  {
    email: 'ada@example.com',
    user_id: 'a1',
    given_name: 'Ada',
    email_verified: false,
    user_metadata: { plan: 'free', prefs: { lang: 'en', theme: 'dark' } },
    app_metadata: { roles: ['user'] },
  },
  { email: 'grace@example.com', user_id: 'g1', name: 'Grace', blocked: false },
  { email: 'alan@example.com', user_id: 't1' },
];

const clone = <T>(value: T): T => structuredClone(value);

describe('diffAttributes', () => {
  it('finds added, changed and removed attributes deep inside objects, lists as a whole', () => {
    const changes = diffAttributes(
      { a: 1, m: { x: { y: 1, z: 2 }, gone: true }, list: [1, 2] },
      { a: 2, m: { x: { y: 1, z: 3, new: 'n' } }, list: [1, 2, 3], b: false },
    );
    expect(changes).toEqual([
      { path: '/a', kind: 'changed', before: 1, after: 2 },
      { path: '/m/x/z', kind: 'changed', before: 2, after: 3 },
      { path: '/m/x/new', kind: 'added', after: 'n' },
      { path: '/m/gone', kind: 'removed', before: true },
      { path: '/list', kind: 'changed', before: [1, 2], after: [1, 2, 3] },
      { path: '/b', kind: 'added', after: false },
    ]);
  });

  it('ignores key order and escapes keys in paths', () => {
    expect(jsonEqual({ a: 1, b: [{ c: 2, d: 3 }] }, { b: [{ d: 3, c: 2 }], a: 1 })).toBe(true);
    expect(jsonEqual([1], { 0: 1 })).toBe(false);
    expect(diffAttributes({ 'a/b': 1 }, { 'a/b': 2 })[0].path).toBe('/a~1b');
  });
});

describe('diffBulkUpdate', () => {
  it('reports no change and nothing to upload for an untouched copy', () => {
    const diff = diffBulkUpdate(original, clone(original));
    expect(diff.summary).toMatchObject({
      matched: 3,
      changed: 0,
      unchanged: 3,
      onlyInOriginal: 0,
      onlyInEdited: 0,
    });
    expect(diff.users).toEqual([]);
    expect(diff.upload).toEqual([]);
    expect(diff.findings).toEqual([]);
  });

  it('lists metadata edits per user and uploads only the changed users', () => {
    const edited = clone(original);
    edited[0] = {
      ...edited[0],
      email_verified: true,
      user_metadata: { plan: 'pro', prefs: { lang: 'fr' } },
    } as (typeof edited)[0];
    const diff = diffBulkUpdate(original, edited, { editedFile: 'users-edited.json' });
    expect(diff.summary).toMatchObject({
      changed: 1,
      effective: 1,
      unchanged: 2,
      changesByAttribute: { user_metadata: 3, email_verified: 1 },
    });
    expect(diff.users[0]).toMatchObject({
      email: 'ada@example.com',
      originalIndex: 0,
      editedIndex: 0,
      status: 'changed',
      effective: true,
    });
    expect(diff.users[0].changes.map((c) => `${c.kind} ${c.path}`)).toEqual([
      'changed /email_verified',
      'changed /user_metadata/plan',
      'changed /user_metadata/prefs/lang',
      'removed /user_metadata/prefs/theme',
    ]);
    expect(diff.findings).toEqual([
      {
        file: 'users-edited.json',
        record: 0,
        line: null,
        path: '/user_metadata/prefs/theme',
        code: 'update.metadata-key-removed',
        severity: 'warning',
        message:
          "'prefs.theme' will be deleted from user_metadata: upsert replaces user_metadata as a whole, it does not merge",
        hint: 'Keep the key in the edited file if it should stay.',
      },
    ]);
    expect(diff.upload).toEqual([edited[0]]);
  });

  it('matches emails case-insensitively and warns that the case change has no effect', () => {
    const edited = clone(original);
    edited[1].email = 'Grace@Example.com';
    const diff = diffBulkUpdate(original, edited);
    expect(diff.summary).toMatchObject({ matched: 3, changed: 1, effective: 0, onlyInEdited: 0 });
    expect(diff.findings.map((f) => f.code)).toEqual(['update.not-upsertable']);
    expect(diff.upload).toEqual([]);
  });

  it('warns about attributes upsert cannot change and leaves such users out of the upload', () => {
    const edited = clone(original);
    Object.assign(edited[1], {
      blocked: true,
      user_id: 'g2',
      username: 'grace',
      phone_number: '+15551234567',
      password_hash: '$2b$10$x',
    });
    const diff = diffBulkUpdate(original, edited);
    expect(diff.findings.map((f) => `${f.code} ${f.path}`)).toEqual([
      'update.not-upsertable /user_id',
      'update.not-upsertable /blocked',
      'update.not-upsertable /username',
      'update.not-upsertable /phone_number',
      'update.not-upsertable /password_hash',
    ]);
    expect(diff.findings[1].hint).toContain('PATCH /api/v2/users/{id}');
    expect(diff.summary).toMatchObject({ changed: 1, effective: 0 });
    expect(diff.upload).toEqual([]);
  });

  it('explains removed attributes, export-only keys, mfa and password hash edits', () => {
    const edited = clone(original) as Array<Record<string, unknown>>;
    delete edited[0].given_name;
    delete edited[0].app_metadata;
    edited[2].created_at = '2024-01-01';
    edited[2].mfa_factors = [{ email: { value: 'alan@example.com' } }];
    edited[2].custom_password_hash = { algorithm: 'md5', hash: { value: 'abc' } };
    const codes = diffBulkUpdate(original, edited).findings.map((f) => `${f.record} ${f.code} ${f.path}`);
    expect(codes).toEqual([
      '0 update.attribute-removed /given_name',
      '0 update.attribute-removed /app_metadata',
      '2 update.not-importable /created_at',
      '2 update.mfa-factors /mfa_factors',
      '2 update.password-hash /custom_password_hash',
    ]);
  });

  it('reports users only in one file, and rejects records it cannot match, naming them', () => {
    const edited: unknown[] = [
      clone(original[0]),
      { email: 'new@example.com' },
      'oops',
      { name: 'no email' },
      { email: 'ADA@example.com', name: 'twice' },
    ];
    const diff = diffBulkUpdate(original, edited, { editedFile: 'e.json' });
    expect(diff.summary).toMatchObject({ matched: 1, onlyInEdited: 1, onlyInOriginal: 2, rejected: 3 });
    expect(diff.users.map((u) => `${u.status} ${u.email}`)).toEqual([
      'only-edited new@example.com',
      'only-original grace@example.com',
      'only-original alan@example.com',
    ]);
    expect(diff.upload).toEqual([{ email: 'new@example.com' }]);
    expect(diff.findings.map((f) => `${f.record} ${f.severity} ${f.code}`)).toEqual([
      '1 warning update.new-user',
      '2 error update.not-a-user',
      '3 error update.missing-email',
      '4 error update.duplicate-email',
    ]);
    expect(diff.findings[3].message).toBe(
      'ada@example.com appears in records 1 and 5 of the edited file; only the first is used',
    );
  });

  it('warns about originals it cannot match', () => {
    const diff = diffBulkUpdate([{ name: 'x' }, original[0], { ...original[0] }], [original[0]]);
    expect(diff.findings.map((f) => `${f.file} ${f.record} ${f.code}`)).toEqual([
      'original 0 update.original-without-email',
      'original 2 update.original-duplicate-email',
    ]);
  });

  it('handles 100k users quickly', () => {
    const originalRecords = toImportReady(makeUsers(100_000, 11)).records;
    const edited = originalRecords.map((record, i) =>
      i % 10 === 0
        ? { ...record, user_metadata: { ...(record.user_metadata as object), plan: 'edited' } }
        : record,
    );
    const started = performance.now();
    const diff = diffBulkUpdate(originalRecords, structuredClone(edited));
    const ms = performance.now() - started;
    console.log(`diffBulkUpdate: 100000 users in ${ms.toFixed(0)} ms`);
    expect(diff.summary.matched).toBe(100_000);
    expect(diff.summary.changed).toBe(10_000);
    expect(diff.upload).toHaveLength(10_000);
    // A generous bound: it catches quadratic work (hours at this size), not a slow or busy machine.
    expect(ms).toBeLessThan(20_000);
  });
});
