import { describe, expect, it } from 'vitest';
import { apiBaseForDomain, apiPath, buildApiUrl, normaliseApiBase } from './url';

describe('Management API URLs', () => {
  it('joins a base with or without a trailing slash, including a gateway sub-path', () => {
    expect(buildApiUrl('https://gw.example.com/auth0/api/v2', 'users', { page: 0 })).toBe(
      'https://gw.example.com/auth0/api/v2/users?page=0',
    );
    expect(buildApiUrl('https://acme.auth0.com/api/v2/', '/jobs/x')).toBe(
      'https://acme.auth0.com/api/v2/jobs/x',
    );
  });

  it('encodes interpolated path segments so an id cannot escape its segment', () => {
    expect(apiPath`jobs/${'../users?x=1'}/errors`).toBe('jobs/..%2Fusers%3Fx%3D1/errors');
  });

  it('refuses bases that are not plain http(s) URLs', () => {
    expect(() => normaliseApiBase('acme.auth0.com')).toThrow(/not an absolute URL/);
    expect(() => normaliseApiBase('javascript:alert(1)')).toThrow(/must start with https/);
    expect(() => normaliseApiBase('https://u:p@acme.auth0.com/api/v2')).toThrow(/credentials/);
  });

  it('derives the base from a domain', () => {
    expect(apiBaseForDomain('acme.auth0.com')).toBe('https://acme.auth0.com/api/v2/');
    expect(apiBaseForDomain('http://127.0.0.1:4500/')).toBe('http://127.0.0.1:4500/api/v2/');
  });
});
