import { UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { cleanPastedToken, formatDuration, readToken, tokenProblemMessage } from './token-claims';

function token(claims: Record<string, unknown>): string {
  return new UnsecuredJWT(claims).encode();
}

describe('readToken', () => {
  it('reads tenant, API base, sorted scopes and expiry of an API Explorer token', () => {
    const raw = token({
      iss: 'https://acme.eu.auth0.com/',
      aud: 'https://acme.eu.auth0.com/api/v2/',
      scope: 'read:users create:users read:connections',
      exp: 1_900_000_000,
      sub: 'abc@clients',
    });
    const reading = readToken(`  Bearer ${raw}\n`);
    expect(reading).toMatchObject({
      ok: true,
      token: raw,
      claims: {
        tenantDomain: 'acme.eu.auth0.com',
        managementAudience: 'https://acme.eu.auth0.com/api/v2/',
        scopes: ['create:users', 'read:connections', 'read:users'],
        expiresAt: 1_900_000_000_000,
        subject: 'abc@clients',
      },
    });
  });

  it('picks the Management API out of an audience list and keeps a local http tenant with its port', () => {
    const raw = token({
      aud: ['http://127.0.0.1:4500/api/v2/', 'http://127.0.0.1:4500/userinfo'],
      scope: 'read:users',
    });
    const reading = readToken(raw);
    expect(reading.ok && reading.claims.tenantDomain).toBe('127.0.0.1:4500');
    expect(reading.ok && reading.claims.managementAudience).toBe('http://127.0.0.1:4500/api/v2/');
  });

  it('falls back to the issuer for the tenant when the audience is not the Management API', () => {
    const reading = readToken(token({ iss: 'https://login.acme.com/', aud: 'my-client-id' }));
    expect(reading).toMatchObject({
      ok: true,
      claims: { tenantDomain: 'login.acme.com', managementAudience: null },
    });
  });

  it('says why garbage, an encrypted token or a claim-less token cannot be used', () => {
    const garbage = readToken('hello world');
    const encrypted = readToken('a.b.c.d.e');
    const bare = readToken(token({ scope: 'read:users' }));
    expect(garbage.ok || tokenProblemMessage(garbage.problem)).toMatch(/not a readable JWT/);
    expect(encrypted.ok || encrypted.problem.kind).toBe('encrypted');
    expect(bare.ok || bare.problem.kind).toBe('no-tenant');
    expect(readToken('   ')).toEqual({ ok: false, problem: { kind: 'empty' } });
  });

  it('strips quotes and a Bearer prefix', () => {
    expect(cleanPastedToken('"Bearer abc.def.ghi"')).toBe('abc.def.ghi');
  });
});

describe('formatDuration', () => {
  it('formats countdowns at each scale', () => {
    expect(formatDuration(86_399)).toBe('23 h 59 min');
    expect(formatDuration(249)).toBe('4 min 09 s');
    expect(formatDuration(7)).toBe('7 s');
    expect(formatDuration(-5)).toBe('0 s');
  });
});
