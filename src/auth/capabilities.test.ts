import { describe, expect, it } from 'vitest';
import { capabilitiesFor, capabilityFor, howToGetScopes, scopesToRequest } from './capabilities';

describe('capabilities', () => {
  it('allows import only with create:users and read:connections, and names what is missing', () => {
    expect(capabilityFor('import', ['create:users', 'read:connections']).allowed).toBe(true);
    const partial = capabilityFor('import', ['create:users']);
    expect(partial.allowed).toBe(false);
    expect(partial.missing).toEqual(['read:connections']);
  });

  it('allows export with read:users but suggests read:connections to choose a connection', () => {
    const exportCap = capabilityFor('export', ['read:users']);
    expect(exportCap.allowed).toBe(true);
    expect(exportCap.missingBetter).toEqual(['read:connections']);
    expect(scopesToRequest(exportCap)).toEqual(['read:connections']);
  });

  it('checks job status with either read:users or create:users', () => {
    expect(capabilityFor('jobStatus', ['create:users']).allowed).toBe(true);
    expect(capabilityFor('jobStatus', ['read:users']).allowed).toBe(true);
    const none = capabilityFor('jobStatus', ['read:current_user']);
    expect(none.missingOneOf).toEqual(['read:users', 'create:users']);
    expect(scopesToRequest(none)).toEqual(['read:users']);
  });

  it('gives a single-page-app login (current_user scopes only) no admin feature', () => {
    const caps = capabilitiesFor(['read:current_user', 'update:current_user_metadata']);
    expect(Object.values(caps).filter((c) => c.allowed)).toEqual([]);
  });

  it('explains the way to more scopes per sign-in method, without blaming the admin', () => {
    expect(howToGetScopes('pkce', ['create:users'])).toMatch(
      /only \*:current_user scopes.*not a setting you missed/,
    );
    expect(howToGetScopes('pkce', ['create:users'])).toMatch(/API Explorer/);
    expect(howToGetScopes('token', ['create:users', 'read:connections'])).toMatch(
      /tick create:users, read:connections.*copy a new token/,
    );
  });
});
