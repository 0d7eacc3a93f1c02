import { describe, expect, it } from 'vitest';
import { connectSources, contentSecurityPolicy, originOf } from './csp-plugin';

describe('the build-time Content-Security-Policy', () => {
  it('turns tenant domains and URLs into origins', () => {
    expect(originOf('acme.eu.auth0.com')).toBe('https://acme.eu.auth0.com');
    expect(originOf('http://127.0.0.1:4500/')).toBe('http://127.0.0.1:4500');
    expect(originOf('https://gateway.example.com/mgmt/api/v2/')).toBe('https://gateway.example.com');
    expect(originOf('  ')).toBeNull();
  });

  it('lets the page connect only to the configured tenants when config.json names them', () => {
    const sources = connectSources(
      {
        domain: 'acme.auth0.com',
        apiBaseUrl: 'https://gw.acme.com/api/v2/',
        allowedTenants: ['acme.auth0.com'],
      },
      [],
    );
    expect(sources).toEqual(["'self'", 'https://acme.auth0.com', 'https://gw.acme.com']);
  });

  it('falls back to any https origin when no tenant is configured, and adds extra sources', () => {
    expect(connectSources({}, ['http://127.0.0.1:*'])).toEqual(["'self'", 'https:', 'http://127.0.0.1:*']);
  });

  it('never allows eval or inline scripts', () => {
    const policy = contentSecurityPolicy(["'self'"]);
    expect(policy).toContain("script-src 'self';");
    expect(policy).not.toMatch(/unsafe-eval|unsafe-inline/);
    expect(policy).toContain("object-src 'none'");
  });
});
