import { exportJWK, generateKeyPair, jwtVerify, SignJWT, errors, type JWK, type CryptoKey } from 'jose';

/** Every Management API scope the emulator knows: what the demo login and test tokens get by default. */
export const adminScopes = [
  'read:users',
  'create:users',
  'update:users',
  'delete:users',
  'read:connections',
  'read:clients',
] as const;

/** What Auth0 really grants a single-page-app login for the Management API (auth0-facts section 5). */
export const currentUserScopes = [
  'read:current_user',
  'update:current_user_metadata',
  'delete:current_user_metadata',
  'create:current_user_metadata',
  'create:current_user_device_credentials',
  'delete:current_user_device_credentials',
  'update:current_user_identities',
] as const;

export interface MintOptions {
  /** Scopes for the `scope` claim (default: all admin scopes). */
  scopes?: readonly string[];
  /** Lifetime in seconds (default 86400, Auth0's default); negative gives an already expired token. */
  expiresIn?: number;
  /** `sub` claim (default the demo admin). */
  subject?: string;
  /** `aud` claim (default the Management API audience); change it to test a wrong-audience refusal. */
  audience?: string;
}

export type AccessCheck = { ok: true; scopes: Set<string>; subject: string } | { ok: false; message: string };

/** The tenant's signing key and the functions that sign and check its tokens. */
export class TokenIssuer {
  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    readonly jwk: JWK,
    private readonly baseUrl: () => string,
  ) {}

  static async create(baseUrl: () => string): Promise<TokenIssuer> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: 'ferry-emulator-1', alg: 'RS256', use: 'sig' };
    return new TokenIssuer(privateKey, publicKey, jwk, baseUrl);
  }

  /** `domain + '/'`: the issuer auth0-spa-js compares the id token against. */
  get issuer(): string {
    return `${this.baseUrl()}/`;
  }

  get audience(): string {
    return `${this.baseUrl()}/api/v2/`;
  }

  /** A Management API access token, as pasted from the API Explorer or issued by /oauth/token. */
  async mintAccessToken(options: MintOptions = {}, azp = 'ferry-emulator'): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const life = options.expiresIn ?? 86_400;
    return new SignJWT({ scope: (options.scopes ?? adminScopes).join(' '), azp, gty: 'client-credentials' })
      .setProtectedHeader({ alg: 'RS256', kid: this.jwk.kid, typ: 'JWT' })
      .setIssuer(this.issuer)
      .setSubject(options.subject ?? 'auth0|demo-admin')
      .setAudience(options.audience ?? this.audience)
      .setIssuedAt(life < 0 ? now + life - 60 : now)
      .setExpirationTime(now + life)
      .sign(this.privateKey);
  }

  /** An OpenID id token for the SPA (aud = client id, nonce echoed). */
  async mintIdToken(claims: Record<string, unknown>, clientId: string, nonce?: string): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ ...claims, ...(nonce ? { nonce } : {}) })
      .setProtectedHeader({ alg: 'RS256', kid: this.jwk.kid, typ: 'JWT' })
      .setIssuer(this.issuer)
      .setAudience(clientId)
      .setIssuedAt(now)
      .setExpirationTime(now + 36_000)
      .sign(this.privateKey);
  }

  /** Checks a bearer token as the Management API does; the messages are Auth0's. */
  async checkAccessToken(token: string): Promise<AccessCheck> {
    try {
      const { payload } = await jwtVerify(token, this.publicKey, {
        issuer: this.issuer,
        audience: this.audience,
        algorithms: ['RS256'],
      });
      const scope = typeof payload.scope === 'string' ? payload.scope : '';
      return { ok: true, scopes: new Set(scope.split(' ').filter(Boolean)), subject: String(payload.sub) };
    } catch (error) {
      if (error instanceof errors.JWTExpired) {
        return { ok: false, message: 'Expired token received for JSON Web Token validation' };
      }
      if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'aud') {
        return { ok: false, message: 'Bad audience: ' + this.audience };
      }
      return { ok: false, message: 'Invalid token' };
    }
  }
}
