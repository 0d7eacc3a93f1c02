import { createHash, randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { originAllowed } from './cors';
import { errorPage, loginPage, webMessagePage } from './login-page';
import { demoAdmin, demoClientId, demoM2mClientId } from './seed';
import { adminScopes, currentUserScopes } from './tokens';
import type { TenantContext, TenantEnv, TenantRequest } from './context';

/** The machine-to-machine client's secret, for the CLI's client-credentials path (never for a page). */
export const demoM2mClientSecret = 'ferry-demo-backend-secret';

interface Grant {
  clientId: string;
  redirectUri: string;
  challenge: string;
  scope: string;
  nonce?: string;
  expires: number;
}

interface AuthorizeRequest {
  client_id: string;
  redirect_uri: string;
  response_type: string;
  state?: string;
  nonce?: string;
  scope?: string;
  audience?: string;
  code_challenge?: string;
  code_challenge_method?: string;
  response_mode?: string;
  prompt?: string;
}

const sessionCookie = 'ferry_tenant_session';
const oidcScopes = ['openid', 'profile', 'email', 'offline_access'];
const random = () => randomBytes(24).toString('base64url');
const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');
const oauthError = (c: TenantRequest, status: 400 | 401 | 403, error: string, description: string) =>
  c.json({ error, error_description: description }, status);

/** The scopes a login gets: the demo grants every admin scope; Auth0 itself grants only *:current_user*. */
function grantedScope(ctx: TenantContext, requested: string): string {
  const asked = requested.split(' ').filter(Boolean);
  const oidc = asked.filter((s) => oidcScopes.includes(s));
  const api =
    ctx.state.switches.spaScopes === 'admin'
      ? [...adminScopes]
      : asked.filter((s) => (currentUserScopes as readonly string[]).includes(s));
  return [...oidc, ...api].join(' ');
}

/** Why an authorize request cannot go on, or undefined when it is sound. */
function authorizeProblem(ctx: TenantContext, req: AuthorizeRequest): string | undefined {
  if (req.client_id !== demoClientId) return `Unknown client: ${req.client_id ?? '(none)'}.`;
  let origin: string;
  try {
    origin = new URL(req.redirect_uri).origin;
  } catch {
    return 'redirect_uri is missing or not a URL.';
  }
  if (!originAllowed(ctx.origins, origin))
    return `Callback URL mismatch. ${req.redirect_uri} is not allowed.`;
  if (req.response_type !== 'code') return 'Only response_type=code is supported.';
  if (!req.code_challenge || req.code_challenge_method !== 'S256')
    return 'PKCE with code_challenge_method=S256 is required.';
  return undefined;
}

export function registerAuthRoutes(app: Hono<TenantEnv>, ctx: TenantContext): void {
  const codes = new Map<string, Grant>();
  const refreshTokens = new Map<string, { scope: string; clientId: string }>();
  const sessions = new Set<string>();

  /** Sends the authorize result back the way the request asked: query redirect or web_message page. */
  const reply = (c: TenantRequest, req: AuthorizeRequest, response: Record<string, string>) => {
    if (req.state) response.state = req.state;
    if (req.response_mode === 'web_message') {
      return c.html(webMessagePage(new URL(req.redirect_uri).origin, response));
    }
    const target = new URL(req.redirect_uri);
    for (const [key, value] of Object.entries(response)) target.searchParams.set(key, value);
    return c.redirect(target.toString(), 302);
  };

  const issueCode = (req: AuthorizeRequest) => {
    const code = random();
    codes.set(code, {
      clientId: req.client_id,
      redirectUri: req.redirect_uri,
      challenge: req.code_challenge ?? '',
      scope: grantedScope(ctx, req.scope ?? 'openid'),
      nonce: req.nonce,
      expires: Date.now() + 60_000,
    });
    return code;
  };

  app.get('/authorize', (c) => {
    const req = c.req.query() as unknown as AuthorizeRequest;
    const problem = authorizeProblem(ctx, req);
    if (problem) return c.html(errorPage(problem), 400);
    const session = getCookie(c, sessionCookie);
    if (req.prompt === 'none') {
      if (!session || !sessions.has(session)) {
        return reply(c, req, { error: 'login_required', error_description: 'Login required' });
      }
      return reply(c, req, { code: issueCode(req) });
    }
    return c.html(loginPage(JSON.stringify(req), demoAdmin.email, 'Ferry'));
  });

  app.post('/authorize/login', async (c) => {
    const form = await c.req.parseBody();
    let req: AuthorizeRequest;
    try {
      req = JSON.parse(String(form.request)) as AuthorizeRequest;
    } catch {
      return c.html(errorPage('The login form was tampered with.'), 400);
    }
    const problem = authorizeProblem(ctx, req);
    if (problem) return c.html(errorPage(problem), 400);
    const session = random();
    sessions.add(session);
    setCookie(c, sessionCookie, session, { httpOnly: true, sameSite: 'Lax', path: '/' });
    return reply(c, req, { code: issueCode(req) });
  });

  const tokenResponse = async (scope: string, clientId: string, nonce?: string) => {
    const apiScopes = scope.split(' ').filter((s) => !oidcScopes.includes(s));
    const body: Record<string, unknown> = {
      access_token: await ctx.issuer.mintAccessToken({ scopes: apiScopes, subject: demoAdmin.sub }, clientId),
      id_token: await ctx.issuer.mintIdToken(
        {
          sub: demoAdmin.sub,
          email: demoAdmin.email,
          email_verified: true,
          name: demoAdmin.name,
          nickname: 'admin',
        },
        clientId,
        nonce,
      ),
      scope,
      expires_in: 86_400,
      token_type: 'Bearer',
    };
    if (scope.split(' ').includes('offline_access')) {
      const refresh = random();
      refreshTokens.set(refresh, { scope, clientId });
      body.refresh_token = refresh;
    }
    return body;
  };

  app.post('/oauth/token', async (c) => {
    const isJson = (c.req.header('content-type') ?? '').includes('application/json');
    const raw = isJson ? ((await c.req.json()) as Record<string, unknown>) : await c.req.parseBody();
    const p = (key: string) => (typeof raw[key] === 'string' ? (raw[key] as string) : undefined);
    const grantType = p('grant_type');
    if (grantType === 'authorization_code') {
      const grant = codes.get(p('code') ?? '');
      if (grant) codes.delete(p('code') ?? '');
      if (!grant || grant.expires < Date.now())
        return oauthError(c, 403, 'invalid_grant', 'Invalid authorization code');
      if (grant.clientId !== p('client_id'))
        return oauthError(c, 403, 'invalid_grant', 'Invalid authorization code');
      if (grant.redirectUri !== p('redirect_uri')) {
        return oauthError(c, 403, 'invalid_grant', 'Invalid redirect URI');
      }
      if (!p('code_verifier') || s256(p('code_verifier') ?? '') !== grant.challenge) {
        return oauthError(c, 403, 'invalid_grant', 'Failed PKCE verification');
      }
      return c.json(await tokenResponse(grant.scope, grant.clientId, grant.nonce));
    }
    if (grantType === 'refresh_token') {
      const held = refreshTokens.get(p('refresh_token') ?? '');
      if (!held || held.clientId !== p('client_id')) {
        return oauthError(c, 403, 'invalid_grant', 'Unknown or invalid refresh token.');
      }
      refreshTokens.delete(p('refresh_token') ?? ''); // rotation: a refresh token is good once
      return c.json(await tokenResponse(held.scope, held.clientId));
    }
    if (grantType === 'client_credentials') {
      if (p('client_id') !== demoM2mClientId || p('client_secret') !== demoM2mClientSecret) {
        return oauthError(c, 401, 'access_denied', 'Unauthorized');
      }
      const token = await ctx.issuer.mintAccessToken({}, demoM2mClientId);
      return c.json({
        access_token: token,
        scope: adminScopes.join(' '),
        expires_in: 86_400,
        token_type: 'Bearer',
      });
    }
    return oauthError(c, 403, 'unsupported_grant_type', `Unsupported grant type: ${grantType ?? '(none)'}`);
  });

  app.get('/v2/logout', (c) => {
    const session = getCookie(c, sessionCookie);
    if (session) sessions.delete(session);
    deleteCookie(c, sessionCookie, { path: '/' });
    const returnTo = c.req.query('returnTo');
    if (returnTo && URL.canParse(returnTo) && originAllowed(ctx.origins, new URL(returnTo).origin)) {
      return c.redirect(returnTo, 302);
    }
    return c.text('OK');
  });

  app.get('/.well-known/jwks.json', (c) => c.json({ keys: [ctx.issuer.jwk] }));
  app.get('/.well-known/openid-configuration', (c) =>
    c.json({
      issuer: ctx.issuer.issuer,
      authorization_endpoint: `${ctx.url()}/authorize`,
      token_endpoint: `${ctx.url()}/oauth/token`,
      jwks_uri: `${ctx.url()}/.well-known/jwks.json`,
      end_session_endpoint: `${ctx.url()}/v2/logout`,
      response_types_supported: ['code'],
      response_modes_supported: ['query', 'web_message'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
      code_challenge_methods_supported: ['S256'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: [...oidcScopes, ...adminScopes],
      token_endpoint_auth_methods_supported: ['none', 'client_secret_post'],
    }),
  );
}
