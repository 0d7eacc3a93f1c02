import { describe, expect, it } from 'vitest';
import { buildSession, tenantAllowed, tenantHost } from './session-model';
import type { TokenClaims } from './token-claims';

const claims: TokenClaims = {
  tenantDomain: 'acme.eu.auth0.com',
  managementAudience: 'https://acme.eu.auth0.com/api/v2/',
  scopes: ['read:users'],
  expiresAt: 123,
  subject: null,
};

describe('buildSession', () => {
  it('uses the token audience as API base unless a gateway is configured', () => {
    expect(buildSession(claims, 'token', 'memory').apiBaseUrl).toBe('https://acme.eu.auth0.com/api/v2/');
    expect(buildSession(claims, 'token', 'memory', 'https://gw.acme.com/mgmt').apiBaseUrl).toBe(
      'https://gw.acme.com/mgmt/',
    );
    expect(buildSession({ ...claims, managementAudience: null }, 'pkce', 'device').apiBaseUrl).toBe(
      'https://acme.eu.auth0.com/api/v2/',
    );
  });

  it('derives capabilities from the scopes', () => {
    const session = buildSession(claims, 'token', 'tab');
    expect(session.capabilities.export.allowed).toBe(true);
    expect(session.capabilities.import.allowed).toBe(false);
  });
});

describe('tenantAllowed', () => {
  it('admits any tenant without a list and only listed ones with it, whatever the spelling', () => {
    expect(tenantAllowed('evil.auth0.com', undefined)).toBe(true);
    expect(tenantAllowed('https://ACME.eu.auth0.com/', ['acme.eu.auth0.com'])).toBe(true);
    expect(tenantAllowed('evil.auth0.com', ['acme.eu.auth0.com'])).toBe(false);
    expect(tenantAllowed('acme.eu.auth0.com', [])).toBe(false);
    expect(tenantHost('http://127.0.0.1:4500')).toBe('127.0.0.1:4500');
  });
});
