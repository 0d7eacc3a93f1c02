import { describe, expect, it } from 'vitest';
import { createRecordChecker } from './record-checker';

const check = (custom_password_hash: unknown) =>
  createRecordChecker({ fix: true, jobSizeBytes: 500_000 }).check(
    { index: 0, line: 1, value: { email: 'user@example.com', custom_password_hash } },
    'users.json',
  );

const errorsOf = (hash: unknown) =>
  check(hash)
    .findings.filter((finding) => finding.severity === 'error')
    .map(({ code, path }) => ({ code, path }));

// One realistic passing value per algorithm (hashes of a made-up password computed with Node's crypto).
const passing: Record<string, unknown> = {
  argon2: {
    algorithm: 'argon2',
    hash: {
      value:
        '$argon2id$v=19$m=65536,t=2,p=1$HIR84cJEXzJ6AUMNI6/amg$OejR4goodgmoeDeJ1WUs07goks/Zhq1ACnwMm15Mgbk',
    },
  },
  bcrypt: {
    algorithm: 'bcrypt',
    hash: { value: '$2y$10$u2nRss8Or52o/0M7/TuD9Ib/59.gGRDI71U/TbVeJgypzir0eBC3y', encoding: 'utf8' },
    salt: { value: 'pepper', position: 'suffix' },
  },
  hmac: {
    algorithm: 'hmac',
    hash: {
      value: '8qVIr4frfQtydVqv+PzGs05U+hAQpkZkOgFYjvRiM0w=',
      encoding: 'base64',
      digest: 'sha256',
      key: { value: 's3cr3t-key', encoding: 'utf8' },
    },
  },
  ldap: { algorithm: 'ldap', hash: { value: '{SSHA}Jf9hTtWz2/b1gFL3PFZaE6o+/LphYmNk', encoding: 'utf8' } },
  md4: { algorithm: 'md4', hash: { value: '8a9d093f14f8701df17732b2bb182c74', encoding: 'hex' } },
  md5: {
    algorithm: 'md5',
    hash: { value: '9cc2ae8a1ba7a93da39b46fc1019c481', encoding: 'hex' },
    salt: { value: '61626364', encoding: 'hex', position: 'suffix' },
  },
  sha1: {
    algorithm: 'sha1',
    hash: { value: 'r4u3vpT2mFdH9ZNST7Q1nfUrSQc=', encoding: 'base64' },
    salt: { value: 'salty' },
  },
  sha256: {
    algorithm: 'sha256',
    hash: { value: '048a04a24af9743ed68d07b21886fb563f5522002fc001052a778716e7264db3', encoding: 'hex' },
    password: { encoding: 'utf16le' },
  },
  sha512: {
    algorithm: 'sha512',
    hash: {
      value: 'vl73Z52Iq5qQRfYmflX15XhLS4zXZLXNhVpSRPkcYmlTzUbEPXZohz/W7707IhJJMVWAAxljRyoHh4H+BG5irg==',
      encoding: 'base64',
    },
  },
  pbkdf2: {
    algorithm: 'pbkdf2',
    hash: {
      value:
        '$pbkdf2-sha512$i=100000,l=64$ahenmznre4gryMPB1fw8UA$sNc6Yo+rRiHDIgoZirr3GoaHv8pyZ5IQe/XAT5AA/41WKHmFYwcBO6gGNlhxqMEi/tcJcRiV2+WbWGVZXEeCfQ',
      encoding: 'utf8',
    },
  },
  scrypt: {
    algorithm: 'scrypt',
    hash: { value: '244e2a21b0ba3a5699c2ceba3615feef1324b8d6f34d8e9e91d2d8b4f5ada76f', encoding: 'hex' },
    salt: { value: 'NaCl-salt' },
    keylen: 32,
    cost: 16384,
    blockSize: 8,
    parallelization: 1,
  },
};

// One failing variant per algorithm, with the single finding it must produce.
const failing: Array<[string, unknown, { code: string; path: string }]> = [
  [
    'argon2 with a salt object',
    { ...(passing.argon2 as object), salt: { value: 'x' } },
    { code: 'custom_password_hash.salt.not-allowed', path: '/custom_password_hash/salt' },
  ],
  [
    'bcrypt that is not a bcrypt string',
    { algorithm: 'bcrypt', hash: { value: '$1$abc$defghijkl' } },
    { code: 'custom_password_hash.hash.value.format', path: '/custom_password_hash/hash/value' },
  ],
  [
    'hmac without digest',
    { algorithm: 'hmac', hash: { value: 'abcd', encoding: 'hex', key: { value: 'k' } } },
    { code: 'custom_password_hash.hash.digest.required', path: '/custom_password_hash/hash/digest' },
  ],
  [
    'ldap {CRYPT}',
    { algorithm: 'ldap', hash: { value: '{CRYPT}$1$abc$def' } },
    { code: 'custom_password_hash.hash.value.format', path: '/custom_password_hash/hash/value' },
  ],
  [
    'md4 with utf8 encoding',
    { algorithm: 'md4', hash: { value: '8a9d093f14f8701df17732b2bb182c74', encoding: 'utf8' } },
    { code: 'custom_password_hash.hash.encoding', path: '/custom_password_hash/hash/encoding' },
  ],
  [
    'md5 hex value that is not hex',
    { algorithm: 'md5', hash: { value: 'not-hex!', encoding: 'hex' } },
    { code: 'custom_password_hash.hash.value.format', path: '/custom_password_hash/hash/value' },
  ],
  [
    'sha1 with a bad salt position',
    { ...(passing.sha1 as object), salt: { value: 'salty', position: 'middle' } },
    { code: 'custom_password_hash.salt.position', path: '/custom_password_hash/salt/position' },
  ],
  [
    'sha256 base64 salt that is not base64',
    { ...(passing.sha256 as object), salt: { value: 'a b c', encoding: 'base64' } },
    { code: 'custom_password_hash.salt.value.format', path: '/custom_password_hash/salt/value' },
  ],
  [
    'sha512 with an unknown key',
    { ...(passing.sha512 as object), rounds: 5000 },
    { code: 'additional-property', path: '/custom_password_hash/rounds' },
  ],
  [
    'pbkdf2 without l= in the PHC string',
    { algorithm: 'pbkdf2', hash: { value: '$pbkdf2-sha256$i=1000$c2FsdA$aGFzaA' } },
    { code: 'custom_password_hash.hash.value.format', path: '/custom_password_hash/hash/value' },
  ],
  [
    'scrypt without keylen',
    { algorithm: 'scrypt', hash: { value: 'abcd', encoding: 'hex' } },
    { code: 'custom_password_hash.keylen.required', path: '/custom_password_hash/keylen' },
  ],
];

describe('custom_password_hash', () => {
  it.each(Object.entries(passing))('accepts a well-formed %s hash', (_algorithm, hash) => {
    expect(check(hash).findings).toEqual([]);
    expect(check(hash).valid).toBe(true);
  });

  it.each(failing)('rejects %s with one precise finding', (_case, hash, expected) => {
    expect(errorsOf(hash)).toEqual([expected]);
  });

  it('says which algorithm an encoding is wrong for', () => {
    const [finding] = check({
      algorithm: 'hmac',
      hash: { value: 'x', encoding: 'utf8', digest: 'sha1', key: { value: 'k' } },
    }).findings;
    expect(finding.message).toBe(
      'custom_password_hash.hash.encoding is "utf8"; it must be one of hex, base64 for algorithm hmac.',
    );
  });

  it('names scrypt parameters exactly and suggests the right spelling', () => {
    const findings = check({ ...(passing.scrypt as object), blocksize: 8, parallelism: 1 }).findings;
    expect(findings.map((finding) => [finding.path, finding.hint])).toEqual([
      ['/custom_password_hash/blocksize', 'Did you mean "blockSize"? Key names are exact, including case.'],
      [
        '/custom_password_hash/parallelism',
        'Did you mean "parallelization"? Key names are exact, including case.',
      ],
    ]);
  });

  it('requires scrypt cost to be a power of two', () => {
    expect(errorsOf({ ...(passing.scrypt as object), cost: 10000 })).toEqual([
      { code: 'custom_password_hash.cost', path: '/custom_password_hash/cost' },
    ]);
  });

  it('rejects an unknown algorithm and a missing hash', () => {
    expect(errorsOf({ algorithm: 'sha384', hash: { value: 'ab' } })).toEqual([
      { code: 'custom_password_hash.algorithm', path: '/custom_password_hash/algorithm' },
    ]);
    expect(errorsOf({ algorithm: 'md5' })).toEqual([
      { code: 'custom_password_hash.hash.required', path: '/custom_password_hash/hash' },
    ]);
  });

  it('never echoes hash values, keys or salts in messages', () => {
    const findings = check({ algorithm: 'md5', hash: { value: 'TOPSECRETVALUE', encoding: 'hex' } }).findings;
    expect(findings).toHaveLength(1);
    expect(JSON.stringify(findings)).not.toContain('TOPSECRETVALUE');
  });
});

describe('custom_password_hash messages', () => {
  it('names the single allowed encoding plainly', () => {
    const hash = { ...(passing.argon2 as { hash: object }), algorithm: 'argon2' };
    const [finding] = check({ ...hash, hash: { ...(hash.hash as object), encoding: 'hex' } }).findings;
    expect(finding.message).toBe(
      'custom_password_hash.hash.encoding is "hex"; it must be "utf8" for algorithm argon2.',
    );
  });
});
