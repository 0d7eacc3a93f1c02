import { describe, expect, it } from 'vitest';
import { toImportReady } from './import-ready';

describe('toImportReady', () => {
  it('turns exported users into records an import accepts, counting the fixes', () => {
    const exported = [
      {
        user_id: 'auth0|abc',
        email: 'a@x.io',
        created_at: '2024-01-01T00:00:00.000Z',
        identities: [{ connection: 'db' }],
        logins_count: 3,
        user_metadata: { plan: 'pro' },
      },
      { email: 'b@x.io', email_verified: true },
      'not a user',
      { Id: 'auth0|def', Email: 'c@x.io', 'Created At': '2024-01-01' },
    ];
    const before = JSON.stringify(exported);
    const result = toImportReady(exported);
    expect(result.records).toEqual([
      { user_id: 'abc', email: 'a@x.io', user_metadata: { plan: 'pro' } },
      { email: 'b@x.io', email_verified: true },
      { user_id: 'def', email: 'c@x.io' },
    ]);
    expect(result.skipped).toEqual([2]);
    expect(result.fixCounts).toEqual({
      'fix.export-only-keys': 2,
      'fix.user_id.auth0-prefix': 2,
      'fix.renamed-columns': 1,
    });
    expect(JSON.stringify(exported)).toBe(before);
  });
});
