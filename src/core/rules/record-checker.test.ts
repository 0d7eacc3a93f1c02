import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRecordChecker } from './record-checker';

const validUsers = JSON.parse(
  readFileSync(new URL('../../../tests/fixtures/rules/valid-users.json', import.meta.url), 'utf8'),
) as Array<Record<string, unknown>>;

const checker = (fix = false, jobSizeBytes = 500_000) => createRecordChecker({ fix, jobSizeBytes });
const checkOne = (value: unknown, fix = false) =>
  checker(fix).check({ index: 0, line: 2, value }, 'users.json');
const codes = (value: unknown, fix = false) =>
  checkOne(value, fix).findings.map(({ code, path, severity }) => ({ code, path, severity }));
const user = (extra: Record<string, unknown>) => ({ email: 'jane@example.com', ...extra });

describe('createRecordChecker: valid users', () => {
  it('accepts every realistic user of the fixture with no finding', () => {
    const run = checker();
    validUsers.forEach((value, index) => {
      const result = run.check({ index, line: null, value }, 'valid-users.json');
      expect(result.findings, JSON.stringify(value)).toEqual([]);
      expect(result.valid).toBe(true);
      expect(result.value).toBe(value);
    });
  });
});

describe('createRecordChecker: one finding per problem', () => {
  const cases: Array<[string, unknown, string, string]> = [
    ['missing email', { name: 'Jane' }, 'email.required', '/email'],
    ['email without @', user({ email: 'jane.example.com' }), 'email.format', '/email'],
    ['email longer than 254', user({ email: `a@${'b'.repeat(250)}.com` }), 'email.length', '/email'],
    [
      'local part over 64',
      user({ email: `${'a'.repeat(65)}@example.com` }),
      'email.local-part-length',
      '/email',
    ],
    ['email as number', user({ email: 42 }), 'email.type', '/email'],
    ['phone not E.164', user({ phone_number: '415-555-0123' }), 'phone_number.format', '/phone_number'],
    [
      'phone with 16 digits',
      user({ phone_number: '+1234567890123456' }),
      'phone_number.format',
      '/phone_number',
    ],
    ['user_id empty', user({ user_id: '' }), 'user_id.length', '/user_id'],
    ['username too long', user({ username: 'u'.repeat(129) }), 'username.length', '/username'],
    ['username is an email', user({ username: 'jane@example.com' }), 'username.email', '/username'],
    ['given_name empty', user({ given_name: '' }), 'given_name.length', '/given_name'],
    ['family_name over 150', user({ family_name: 'x'.repeat(151) }), 'family_name.length', '/family_name'],
    ['nickname over 350', user({ nickname: 'x'.repeat(351) }), 'nickname.length', '/nickname'],
    ['picture not a URL', user({ picture: 'avatar.png' }), 'picture.format', '/picture'],
    ['blocked as number', user({ blocked: 1 }), 'blocked.type', '/blocked'],
    ['phone_verified as text', user({ phone_verified: 'yes' }), 'phone_verified.type', '/phone_verified'],
    [
      'password_hash not bcrypt',
      user({ password_hash: '5f4dcc3b5aa765d61d8327deb882cf99' }),
      'password_hash.format',
      '/password_hash',
    ],
    [
      'both password hashes',
      user({
        password_hash: validUsers[0].password_hash,
        custom_password_hash: validUsers[2].custom_password_hash,
      }),
      'password_hash.exclusive',
      '/password_hash',
    ],
    ['unknown key', user({ plan: 'gold' }), 'additional-property', '/plan'],
    ['metadata not an object', user({ user_metadata: 'gold' }), 'user_metadata.type', '/user_metadata'],
    ['dotted metadata key', user({ user_metadata: { 'a.b': 1 } }), 'user_metadata.key', '/user_metadata/a.b'],
    [
      'nested $ key',
      user({ app_metadata: { x: [{ $set: 1 }] } }),
      'app_metadata.key',
      '/app_metadata/x/0/$set',
    ],
    [
      'reserved app_metadata key',
      user({ app_metadata: { loginsCount: 3 } }),
      'app_metadata.reserved-key',
      '/app_metadata/loginsCount',
    ],
    ['empty mfa_factors', user({ mfa_factors: [] }), 'mfa_factors.count', '/mfa_factors'],
    [
      '11 mfa factors',
      user({ mfa_factors: Array(11).fill({ email: { value: 'a@b.co' } }) }),
      'mfa_factors.count',
      '/mfa_factors',
    ],
    [
      'factor with two kinds',
      user({ mfa_factors: [{ totp: { secret: 'ABC' }, email: { value: 'a@b.co' } }] }),
      'mfa_factors.kind',
      '/mfa_factors/0',
    ],
    [
      'padded totp secret',
      user({ mfa_factors: [{ totp: { secret: 'JBSWY3DP======' } }] }),
      'mfa_factors.totp.secret.format',
      '/mfa_factors/0/totp/secret',
    ],
    [
      'phone factor not E.164',
      user({ mfa_factors: [{ phone: { value: '0612' } }] }),
      'mfa_factors.phone.value.format',
      '/mfa_factors/0/phone/value',
    ],
    [
      'email factor bad',
      user({ mfa_factors: [{ email: { value: 'nope' } }] }),
      'mfa_factors.email.value.format',
      '/mfa_factors/0/email/value',
    ],
    [
      'unknown factor kind',
      user({ mfa_factors: [{ sms: { value: '+1' } }] }),
      'additional-property',
      '/mfa_factors/0/sms',
    ],
    ['escaped pointer', user({ 'a/b~c': 1 }), 'additional-property', '/a~1b~0c'],
  ];

  it.each(cases)('%s', (_name, value, code, path) => {
    const result = checkOne(value);
    expect(result.findings.map((finding) => [finding.code, finding.path, finding.severity])).toEqual([
      [code, path, 'error'],
    ]);
    expect(result.valid).toBe(false);
  });

  it('writes messages that name the field, the value and a fix, and places the record', () => {
    const [finding] = checkOne(user({ phone_number: '415-555-0123' })).findings;
    expect(finding).toEqual({
      file: 'users.json',
      record: 0,
      line: 2,
      path: '/phone_number',
      code: 'phone_number.format',
      severity: 'error',
      message:
        'phone_number ("415-555-0123") is not an E.164 phone number: "+" and up to 15 digits, no spaces or dashes.',
      hint: 'Give phone_number as an E.164 phone number: "+" and up to 15 digits, no spaces or dashes. For example: +14155550123',
    });
  });

  it('reports a record that is not an object', () => {
    for (const value of [null, 'jane@example.com', [1], 3]) {
      const result = checkOne(value);
      expect(result.value).toBeNull();
      expect(result.findings.map((finding) => finding.code)).toEqual(['record.type']);
    }
  });

  it('reports a record nested too deeply to check instead of crashing', () => {
    const depth = 20_000;
    const value = JSON.parse(
      `{"email":"a@b.co","user_metadata":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`,
    );
    const result = checkOne(value);
    expect(result.findings.map((finding) => finding.code)).toEqual(['record.too-deep']);
    expect(result.valid).toBe(false);
  });

  it('reports several problems of one record in one pass', () => {
    expect(
      codes({ email: 'bad', picture: 'x', blocked: 'no' })
        .map((finding) => finding.code)
        .sort(),
    ).toEqual(['blocked.type', 'email.format', 'picture.format']);
  });
});

describe('createRecordChecker: checks beyond the schema', () => {
  it('warns about capital letters in email, whitespace and length of user_id, bcrypt cost', () => {
    const result = checkOne(
      user({
        email: 'Jane@Example.com',
        user_id: `a b${'x'.repeat(260)}`,
        password_hash: '$2b$12$u2nRss8Or52o/0M7/TuD9Ib/59.gGRDI71U/TbVeJgypzir0eBC3y',
      }),
    );
    expect(result.findings.map(({ code, severity }) => [code, severity])).toEqual([
      ['user_id.whitespace', 'warning'],
      ['user_id.length', 'warning'],
      ['email.case', 'warning'],
      ['password_hash.cost', 'warning'],
    ]);
    expect(result.valid).toBe(true);
  });

  it('warns about a user_id from another connection', () => {
    expect(codes(user({ user_id: 'google-oauth2|1098765432' }))).toEqual([
      { code: 'user_id.provider-prefix', path: '/user_id', severity: 'warning' },
    ]);
  });

  it('points a missing email at a differently spelt key', () => {
    const [finding] = checkOne({ EMail: 'jane@example.com' }).findings;
    expect([finding.code, finding.hint]).toEqual([
      'email.required',
      'The record has "EMail": rename it to "email".',
    ]);
  });

  it('treats auth0| in user_id as an error that fixes can solve', () => {
    const [finding] = checkOne(user({ user_id: 'auth0|5f1a' })).findings;
    expect(finding.code).toBe('user_id.auth0-prefix');
    expect(finding.severity).toBe('error');
    expect(finding.hint).toContain('Ferry can fix this automatically');
  });

  it('warns when metadata is over ~10 KB and rejects a record larger than one job', () => {
    const big = user({ user_metadata: { notes: 'n'.repeat(11_000) } });
    expect(codes(big)).toEqual([{ code: 'metadata.size', path: '/user_metadata', severity: 'warning' }]);
    const tooBig = checker(false, 5_000).check({ index: 4, line: null, value: big }, 'big.json');
    expect(tooBig.findings.map((finding) => finding.code)).toEqual(['metadata.size', 'record.size']);
    expect(tooBig.valid).toBe(false);
  });

  it('counts metadata size in UTF-8 bytes, not characters', () => {
    expect(codes(user({ user_metadata: { bio: 'é'.repeat(4000) } }))).toEqual([]);
    expect(codes(user({ user_metadata: { bio: 'é'.repeat(6000) } })).map((f) => f.code)).toEqual([
      'metadata.size',
    ]);
  });
});

describe('createRecordChecker: lengths in characters', () => {
  it('accepts 150 emoji as a name (150 characters, 300 UTF-16 units) and rejects 151', () => {
    const ok = checkOne(user({ name: '😀'.repeat(150) }));
    expect(ok).toMatchObject({ valid: true, findings: [] });
    expect(codes(user({ name: '😀'.repeat(151) })).map((f) => f.code)).toEqual(['name.length']);
  });
});

describe('createRecordChecker: duplicates', () => {
  it('flags later duplicates across files and names the first record', () => {
    const run = checker();
    const first = run.check(
      { index: 3, line: 5, value: user({ user_id: 'u1', username: 'jane' }) },
      'a.json',
    );
    expect(first.valid).toBe(true);
    const second = run.check(
      { index: 0, line: 1, value: { email: 'JANE@example.com', user_id: 'u1', username: 'Jane' } },
      'b.ndjson',
    );
    expect(second.valid).toBe(false);
    expect(second.findings.filter((f) => f.severity === 'error').map((f) => [f.code, f.path])).toEqual([
      ['duplicate.email', '/email'],
      ['duplicate.user_id', '/user_id'],
      ['duplicate.username', '/username'],
    ]);
    expect(second.findings[1].message).toBe(
      'email "JANE@example.com" is already used by record 4 of "a.json", line 5.',
    );
  });

  it('compares user_id exactly and remembers only accepted records', () => {
    const run = checker();
    run.check({ index: 0, line: null, value: user({ user_id: 'abc', picture: 'bad' }) }, 'a.json');
    const second = run.check({ index: 1, line: null, value: user({ user_id: 'ABC' }) }, 'a.json');
    expect(second.valid).toBe(true);
    const third = run.check(
      { index: 2, line: null, value: { email: 'other@example.com', user_id: 'ABC' } },
      'a.json',
    );
    expect(third.findings.map((f) => f.message)).toEqual([
      'user_id "ABC" is already used by record 2 of this file.',
    ]);
  });

  it('finds the duplicate of a fixed user_id', () => {
    const run = checker(true);
    run.check({ index: 0, line: null, value: user({ user_id: 'auth0|42' }) }, 'export.ndjson');
    const second = run.check(
      { index: 1, line: null, value: { email: 'x@example.com', user_id: '42' } },
      'import.json',
    );
    expect(second.findings.map((f) => f.code)).toEqual(['duplicate.user_id']);
  });
});
