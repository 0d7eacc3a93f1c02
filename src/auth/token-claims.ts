import { decodeJwt } from 'jose';

/**
 * Reads a pasted Management API token. The page cannot verify the signature (that needs the tenant's keys and proves
 * nothing to the page itself); the tenant verifies it on every call. Decoding only tells Ferry where to send it, what
 * it may do and when it ends.
 */

export interface TokenClaims {
  /** The tenant host from the Management API audience (or the issuer), e.g. `acme.eu.auth0.com`. */
  tenantDomain: string;
  /** `https://{tenant}/api/v2/` from the audience, or null when the audience is not the Management API. */
  managementAudience: string | null;
  scopes: string[];
  /** Epoch ms, or null when the token carries no `exp`. */
  expiresAt: number | null;
  subject: string | null;
}

export type TokenProblem =
  { kind: 'empty' } | { kind: 'encrypted' } | { kind: 'not-jwt'; detail: string } | { kind: 'no-tenant' };

export type TokenReading =
  { ok: true; token: string; claims: TokenClaims } | { ok: false; problem: TokenProblem };

/** Trims what people paste along with a token: whitespace, quotes and a `Bearer ` prefix. */
export function cleanPastedToken(raw: string): string {
  return raw
    .trim()
    .replace(/^["']|["']$/g, '')
    .replace(/^bearer\s+/i, '')
    .trim();
}

const MANAGEMENT_AUDIENCE = /^https?:\/\/[^/]+\/api\/v2\/?$/i;

/** Decodes a pasted token into the claims Ferry uses, or says plainly why it cannot. */
export function readToken(raw: string): TokenReading {
  const token = cleanPastedToken(raw);
  if (token === '') return { ok: false, problem: { kind: 'empty' } };
  if (token.split('.').length === 5) return { ok: false, problem: { kind: 'encrypted' } };
  let payload: Record<string, unknown>;
  try {
    payload = decodeJwt(token);
  } catch (error) {
    return {
      ok: false,
      problem: { kind: 'not-jwt', detail: error instanceof Error ? error.message : String(error) },
    };
  }
  const audiences =
    typeof payload.aud === 'string' ? [payload.aud] : Array.isArray(payload.aud) ? payload.aud : [];
  const managementAudience =
    audiences.find((aud): aud is string => typeof aud === 'string' && MANAGEMENT_AUDIENCE.test(aud)) ?? null;
  const tenantDomain =
    hostOf(managementAudience) ?? hostOf(typeof payload.iss === 'string' ? payload.iss : null);
  if (!tenantDomain) return { ok: false, problem: { kind: 'no-tenant' } };
  return {
    ok: true,
    token,
    claims: {
      tenantDomain,
      managementAudience: managementAudience ? managementAudience.replace(/\/?$/, '/') : null,
      scopes: scopesOf(payload),
      expiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : null,
      subject: typeof payload.sub === 'string' ? payload.sub : null,
    },
  };
}

/** Space-separated `scope`, plus RBAC `permissions` when a gateway issues them. */
function scopesOf(payload: Record<string, unknown>): string[] {
  const fromScope = typeof payload.scope === 'string' ? payload.scope.split(/\s+/) : [];
  const fromPermissions = Array.isArray(payload.permissions)
    ? payload.permissions.filter((p): p is string => typeof p === 'string')
    : [];
  return [...new Set([...fromScope, ...fromPermissions].filter(Boolean))].sort();
}

function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).host.toLowerCase() || null;
  } catch {
    return null;
  }
}

/** A plain-language message for a token that cannot be used. */
export function tokenProblemMessage(problem: TokenProblem): string {
  switch (problem.kind) {
    case 'empty':
      return 'Paste a Management API token first.';
    case 'encrypted':
      return 'This token is encrypted (five parts), so Ferry cannot read which tenant it is for. Use an access token for the Auth0 Management API.';
    case 'not-jwt':
      return `This is not a readable JWT (${problem.detail}). A Management API token has three parts separated by dots and starts with "eyJ"; copy it again from the API Explorer.`;
    case 'no-tenant':
      return 'This token names no tenant: it has neither a Management API audience nor an issuer. Copy the token from Auth0 Dashboard > Applications > APIs > Auth0 Management API > API Explorer.';
  }
}

/** Whole seconds until `expiresAt` (negative once past), or null when the token never expires. */
export function secondsLeft(expiresAt: number | null, now: number): number | null {
  return expiresAt === null ? null : Math.floor((expiresAt - now) / 1000);
}

/** "1 h 04 min", "4 min 09 s", "12 s" for countdowns. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, totalSeconds);
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (hours > 0) return `${hours} h ${pad(minutes)} min`;
  if (minutes > 0) return `${minutes} min ${pad(seconds)} s`;
  return `${seconds} s`;
}
