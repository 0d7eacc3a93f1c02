import { describe, expect, it } from 'vitest';
import { customDbRefusal, importChoice } from './import-connections';

const base = { id: 'con_AAAABBBBCCCCDDDD', name: 'db', strategy: 'auth0' };

describe('importChoice', () => {
  it('takes a plain database connection as it is', () => {
    expect(importChoice(base)).toEqual({ id: base.id, name: 'db' });
    expect(importChoice({ ...base, options: { import_mode: false } })).toEqual({ id: base.id, name: 'db' });
  });

  it('takes a custom database only in import mode; without it, says why Auth0 refuses', () => {
    const custom = { ...base, options: { enabledDatabaseCustomization: true } };
    expect(importChoice(custom)?.refusal).toBe(customDbRefusal);
    expect(importChoice({ ...custom, options: { ...custom.options, import_mode: false } })?.refusal).toBe(
      customDbRefusal,
    );
    expect(importChoice({ ...custom, options: { ...custom.options, import_mode: true } })).toEqual({
      id: base.id,
      name: 'db',
    });
  });

  it('leaves out connections that are not databases', () => {
    expect(importChoice({ ...base, strategy: 'google-oauth2' })).toBeNull();
  });
});
