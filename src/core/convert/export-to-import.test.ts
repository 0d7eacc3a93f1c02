import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRecordChecker } from '../rules/record-checker';
import { fixExportedUser } from './export-to-import';

// A user as an Auth0 "json" export job writes it (one NDJSON line), and as the old extension's CSV columns.
const exported = {
  user_id: 'auth0|65a1f0c2e4b0a1b2c3d4e5f6',
  email: 'jane@example.com',
  email_verified: true,
  name: 'Jane Doe',
  created_at: '2024-01-15T09:30:00.000Z',
  updated_at: '2024-06-01T12:00:00.000Z',
  last_login: '2024-06-01T12:00:00.000Z',
  last_ip: '203.0.113.7',
  logins_count: 14,
  identities: [{ connection: 'Username-Password-Authentication', provider: 'auth0', isSocial: false }],
  user_metadata: { theme: 'dark' },
};

const extensionRow = {
  Id: 'auth0|65a1f0c2',
  'Given Name': 'Jane',
  'Family Name': 'Doe',
  Email: 'jane@example.com',
  'Email Verified': 'TRUE',
  Connection: 'Username-Password-Authentication',
  'Created At': '2024-01-15T09:30:00.000Z',
};

describe('fixExportedUser', () => {
  it('turns an Auth0 export line into an importable user and lists every change', () => {
    const { value, fixes } = fixExportedUser(exported);
    expect(value).toEqual({
      user_id: '65a1f0c2e4b0a1b2c3d4e5f6',
      email: 'jane@example.com',
      email_verified: true,
      name: 'Jane Doe',
      user_metadata: { theme: 'dark' },
    });
    expect(fixes).toEqual([
      {
        code: 'fix.export-only-keys',
        description:
          'Dropped keys an import rejects: created_at, updated_at, last_login, last_ip, logins_count, identities',
      },
      { code: 'fix.user_id.auth0-prefix', description: 'Removed the "auth0|" prefix from user_id' },
    ]);
    expect(exported.user_id).toBe('auth0|65a1f0c2e4b0a1b2c3d4e5f6');
  });

  it("maps the extension's renamed columns back and reads boolean text", () => {
    const { value, fixes } = fixExportedUser(extensionRow);
    expect(value).toEqual({
      user_id: '65a1f0c2',
      given_name: 'Jane',
      family_name: 'Doe',
      email: 'jane@example.com',
      email_verified: true,
    });
    expect(fixes.map((fix) => fix.description)).toEqual([
      'Renamed columns: Id → user_id, Given Name → given_name, Family Name → family_name, Email → email, Email Verified → email_verified',
      'Dropped keys an import rejects: Connection, Created At',
      'Removed the "auth0|" prefix from user_id',
      'Read "true"/"false" text as booleans: email_verified',
    ]);
  });

  it('returns the same object when nothing needs fixing, and never guesses', () => {
    const clean = { email: 'a@example.com', blocked: false };
    expect(fixExportedUser(clean)).toEqual({ value: clean, fixes: [] });
    expect(fixExportedUser(clean).value).toBe(clean);
    // "yes" is not a boolean we can read safely; a bare "auth0|" has nothing left after the prefix.
    expect(fixExportedUser({ email: 'a@example.com', blocked: 'yes', user_id: 'auth0|' }).fixes).toEqual([]);
  });

  it('keeps a renamed column whose import key is also present, so the check reports it', () => {
    const { value } = fixExportedUser({ email: 'a@example.com', Email: 'b@example.com' });
    expect(value).toEqual({ email: 'a@example.com', Email: 'b@example.com' });
  });
});

describe('record checker with fixes on and off', () => {
  it('imports the fixed export line as valid, with the fixes listed', () => {
    const result = createRecordChecker({ fix: true, jobSizeBytes: 500_000 }).check(
      { index: 0, line: 1, value: exported },
      'export.ndjson',
    );
    expect(result.valid).toBe(true);
    expect(result.findings).toEqual([]);
    expect(result.fixes.map((fix) => fix.code)).toEqual(['fix.export-only-keys', 'fix.user_id.auth0-prefix']);
  });

  it('reports the same situations as fixable errors when fixes are off', () => {
    const result = createRecordChecker({ fix: false, jobSizeBytes: 500_000 }).check(
      { index: 0, line: 1, value: extensionRow },
      'extension.csv',
    );
    expect(result.valid).toBe(false);
    expect(result.fixes).toEqual([]);
    expect(result.findings.map((finding) => [finding.code, finding.path])).toEqual([
      ['email.required', '/email'],
      ['renamed-column', '/Id'],
      ['renamed-column', '/Given Name'],
      ['renamed-column', '/Family Name'],
      ['renamed-column', '/Email'],
      ['renamed-column', '/Email Verified'],
      ['renamed-column', '/Connection'],
      ['renamed-column', '/Created At'],
    ]);
    const fixable = result.findings.map((finding) =>
      finding.hint.includes('Ferry can fix this automatically'),
    );
    expect(fixable).toEqual([false, true, true, true, true, true, true, true]);
  });
});

describe('an Auth0 export file, line by line', () => {
  it('fixes every line; the repeated email is the only error and names the first line', () => {
    const lines = readFileSync(
      new URL('../../../tests/fixtures/rules/auth0-export.ndjson', import.meta.url),
      'utf8',
    )
      .trim()
      .split('\n');
    const checker = createRecordChecker({ fix: true, jobSizeBytes: 500_000 });
    const results = lines.map((line, index) =>
      checker.check({ index, line: index + 1, value: JSON.parse(line) }, 'export.ndjson'),
    );
    expect(results.map((result) => result.valid)).toEqual([true, true, false]);
    expect(results[1].findings.map((finding) => finding.code)).toEqual(['email.case']);
    expect(results[2].findings.map((finding) => finding.message)).toEqual([
      'email "jane.doe@example.com" is already used by record 1 of this file, line 1.',
    ]);
    expect(results[1].fixes[0].description).toBe(
      'Dropped keys an import rejects: created_at, updated_at, logins_count, identities, multifactor, last_password_reset',
    );
  });
});
