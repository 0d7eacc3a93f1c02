import { describe, expect, it } from 'vitest';
import validate from '../schema/generated/validate-import-user.js';
import { schemaIssues } from './schema-findings';

const issuesFor = (record: Record<string, unknown>) => {
  expect(validate(record)).toBe(false);
  return { raw: validate.errors ?? [], issues: schemaIssues(validate.errors ?? [], record, true) };
};

describe('schemaIssues collapses Ajv cascades', () => {
  it('drops if/then summaries and keeps one finding per value', () => {
    const { raw, issues } = issuesFor({
      email: 'jane@example.com',
      custom_password_hash: { algorithm: 'hmac', hash: { value: '', encoding: 'utf8' } },
    });
    expect(raw.map((error) => error.keyword)).toContain('if');
    expect(issues.map((issue) => [issue.code, issue.path])).toEqual([
      ['custom_password_hash.hash.digest.required', '/custom_password_hash/hash/digest'],
      ['custom_password_hash.hash.key.required', '/custom_password_hash/hash/key'],
      ['custom_password_hash.hash.encoding', '/custom_password_hash/hash/encoding'],
      ['custom_password_hash.hash.value.length', '/custom_password_hash/hash/value'],
    ]);
  });

  it('keeps the most telling of several errors on the same value', () => {
    const { raw, issues } = issuesFor({
      email: 'jane@example.com',
      custom_password_hash: { algorithm: 'md5', hash: { value: '', encoding: 'hex' } },
    });
    const onValue = raw.filter((error) => error.instancePath === '/custom_password_hash/hash/value');
    expect(onValue.map((error) => error.keyword).sort()).toEqual(['minLength', 'pattern']);
    expect(issues.map((issue) => issue.code)).toEqual(['custom_password_hash.hash.value.length']);
  });

  it('reports a bad metadata key once, at the key, not also as a propertyNames summary', () => {
    const { raw, issues } = issuesFor({
      email: 'jane@example.com',
      user_metadata: { prefs: { 'ui.theme': 'dark' } },
    });
    expect(raw.length).toBeGreaterThan(1);
    expect(issues).toEqual([
      {
        path: '/user_metadata/prefs/ui.theme',
        code: 'user_metadata.key',
        severity: 'error',
        message:
          'The key "ui.theme" in user_metadata.prefs contains "." or "$"; Auth0 does not allow them in user_metadata keys.',
        hint: 'Rename the key without "." and "$" (for example "_" instead), or nest objects instead of dotted names.',
      },
    ]);
  });

  it('suggests bcrypt as custom_password_hash for a $2y$ password_hash', () => {
    const { issues } = issuesFor({
      email: 'jane@example.com',
      password_hash: '$2y$10$u2nRss8Or52o/0M7/TuD9Ib/59.gGRDI71U/TbVeJgypzir0eBC3y',
    });
    expect(issues.map((issue) => issue.code)).toEqual(['password_hash.format']);
    expect(issues[0].hint).toContain('custom_password_hash');
    expect(issues[0].message).not.toContain('u2nRss8');
  });
});
