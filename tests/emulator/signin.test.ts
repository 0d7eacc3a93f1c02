import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json } from './test-helpers';
import { startTenant, type RunningTenant } from './index';

const appOrigin = 'http://127.0.0.1:5173';
const redirectUri = `${appOrigin}/`;
let tenant: RunningTenant;

beforeAll(async () => {
  tenant = await startTenant({ userCount: 10, plan: 'off' });
});
afterAll(() => tenant.close());

const unescapeHtml = (text: string) =>
  text.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)));

interface Pkce {
  verifier: string;
  challenge: string;
}
const newPkce = (): Pkce => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

function authorizeUrl(pkce: Pkce, extra: Record<string, string> = {}): string {
  const url = new URL(`${tenant.url}/authorize`);
  const params = {
    client_id: tenant.clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    response_mode: 'query',
    scope: 'openid profile email offline_access',
    audience: tenant.audience,
    state: 'st4te',
    nonce: 'n0nce',
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
    ...extra,
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}

/** Opens the login page and presses its one button, as a person would; returns the redirect and session cookie. */
async function signIn(pkce: Pkce, extra: Record<string, string> = {}) {
  const page = await fetch(authorizeUrl(pkce, extra));
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('Sign in as Demo Admin');
  const hidden = /name="request" value="([^"]*)"/.exec(html)?.[1] ?? '';
  const submit = await fetch(`${tenant.url}/authorize/login`, {
    method: 'POST',
    body: new URLSearchParams({ request: unescapeHtml(hidden) }),
    redirect: 'manual',
  });
  expect(submit.status).toBe(302);
  return {
    location: new URL(submit.headers.get('location') ?? ''),
    cookie: submit.headers.get('set-cookie') ?? '',
  };
}

const exchange = (fields: Record<string, string>) =>
  fetch(`${tenant.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: tenant.clientId, ...fields }),
  });

describe('sign-in (what auth0-spa-js relies on)', () => {
  it('publishes discovery and a JWKS that verifies its tokens', async () => {
    const config = await json(await fetch(`${tenant.url}/.well-known/openid-configuration`));
    expect(config.issuer).toBe(`${tenant.url}/`);
    expect(config.code_challenge_methods_supported).toEqual(['S256']);
    const jwks = await json(await fetch(config.jwks_uri));
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256' });
  });

  it('signs in with PKCE: code, verifier checked, id token for spa-js, admin access token', async () => {
    const pkce = newPkce();
    const { location } = await signIn(pkce);
    expect(location.origin + location.pathname).toBe(redirectUri);
    expect(location.searchParams.get('state')).toBe('st4te');
    const code = location.searchParams.get('code') ?? '';
    const response = await exchange({
      grant_type: 'authorization_code',
      code,
      code_verifier: pkce.verifier,
      redirect_uri: redirectUri,
    });
    expect(response.status).toBe(200);
    const tokens = await json(response);
    const jwks = createRemoteJWKSet(new URL(`${tenant.url}/.well-known/jwks.json`));
    const id = await jwtVerify(tokens.id_token, jwks, {
      issuer: `${tenant.url}/`,
      audience: tenant.clientId,
    });
    expect(id.payload.nonce).toBe('n0nce');
    expect(id.protectedHeader.alg).toBe('RS256');
    const access = await jwtVerify(tokens.access_token, jwks, { audience: `${tenant.url}/api/v2/` });
    expect(String(access.payload.scope).split(' ')).toEqual(
      expect.arrayContaining(['read:users', 'create:users', 'read:connections']),
    );
    expect(tokens.refresh_token).toBeTruthy();
    const users = await fetch(`${tenant.url}/api/v2/users?per_page=1`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(users.status).toBe(200);
  });

  it('refuses a wrong PKCE verifier and a code used twice', async () => {
    const pkce = newPkce();
    const code = (await signIn(pkce)).location.searchParams.get('code') ?? '';
    const wrong = await exchange({
      grant_type: 'authorization_code',
      code,
      code_verifier: newPkce().verifier,
      redirect_uri: redirectUri,
    });
    expect(wrong.status).toBe(403);
    expect(await json(wrong)).toEqual({
      error: 'invalid_grant',
      error_description: 'Failed PKCE verification',
    });
    const again = await exchange({
      grant_type: 'authorization_code',
      code,
      code_verifier: pkce.verifier,
      redirect_uri: redirectUri,
    });
    expect((await json(again)).error).toBe('invalid_grant');
  });

  it('rotates refresh tokens: a new pair each time, the old one refused', async () => {
    const pkce = newPkce();
    const code = (await signIn(pkce)).location.searchParams.get('code') ?? '';
    const first = await json(
      await exchange({
        grant_type: 'authorization_code',
        code,
        code_verifier: pkce.verifier,
        redirect_uri: redirectUri,
      }),
    );
    const refreshed = await exchange({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(refreshed.status).toBe(200);
    const second = await json(refreshed);
    expect(second.access_token).toBeTruthy();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    const reused = await exchange({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(reused.status).toBe(403);
  });

  it('with spaScopes current_user-only grants what Auth0 grants a SPA: no create:users', async () => {
    tenant.state.switches.spaScopes = 'current_user-only';
    try {
      const pkce = newPkce();
      const code =
        (await signIn(pkce, { scope: 'openid read:current_user create:users' })).location.searchParams.get(
          'code',
        ) ?? '';
      const tokens = await json(
        await exchange({
          grant_type: 'authorization_code',
          code,
          code_verifier: pkce.verifier,
          redirect_uri: redirectUri,
        }),
      );
      expect(decodeJwt(tokens.access_token).scope).toBe('read:current_user');
      const form = new FormData();
      const refused = await fetch(`${tenant.url}/api/v2/jobs/users-imports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.access_token}` },
        body: form,
      });
      expect(refused.status).toBe(403);
      expect((await json(refused)).message).toBe('Insufficient scope; expected any of: create:users.');
    } finally {
      tenant.state.switches.spaScopes = 'admin';
    }
  });

  it('answers silent login (prompt=none, web_message) by session: login_required, then a code', async () => {
    const pkce = newPkce();
    const silent = authorizeUrl(pkce, { prompt: 'none', response_mode: 'web_message' });
    const anonymous = await (await fetch(silent)).text();
    expect(anonymous).toContain('"error":"login_required"');
    const { cookie } = await signIn(newPkce());
    const known = await (await fetch(silent, { headers: { cookie: cookie.split(';')[0] } })).text();
    expect(known).toMatch(/"code":"[\w-]+"/);
    expect(known).toContain(`, "${appOrigin}")`);
  });

  it('refuses unknown clients and callbacks; logout returns to an allowed page', async () => {
    expect((await fetch(authorizeUrl(newPkce(), { client_id: 'nope' }))).status).toBe(400);
    expect((await fetch(authorizeUrl(newPkce(), { redirect_uri: 'https://evil.example/' }))).status).toBe(
      400,
    );
    const logout = await fetch(
      `${tenant.url}/v2/logout?client_id=${tenant.clientId}&returnTo=${encodeURIComponent(redirectUri)}`,
      {
        redirect: 'manual',
      },
    );
    expect(logout.status).toBe(302);
    expect(logout.headers.get('location')).toBe(redirectUri);
  });
});
