import { apiBaseForDomain, normaliseApiBase } from '../api/url';
import { capabilitiesFor, type Capability, type Feature } from './capabilities';
import type { TokenClaims } from './token-claims';

/** How the admin signed in. */
export type SignInMethod = 'pkce' | 'token';

/** Where the token lives: only this page's memory, this tab's sessionStorage, or spa-js's localStorage cache. */
export type TokenKeeping = 'memory' | 'tab' | 'device';

/**
 * One small interface for both ways of signing in. Both end in a `Session`; the API client asks `accessToken` on
 * every call, so a renewed token is used at once.
 */
export interface Authenticator {
  readonly method: SignInMethod;
  readonly keeping: TokenKeeping;
  /** The current access token, renewed when the method can. Throws ApiError Unauthorized when it cannot. */
  accessToken(): Promise<string>;
  /** Forgets every token this method holds (memory, sessionStorage, the spa-js cache). */
  signOut(): Promise<void>;
}

/** What the rest of Ferry knows about the signed-in tenant. Holds no token. */
export interface Session {
  tenantDomain: string;
  apiBaseUrl: string;
  method: SignInMethod;
  keeping: TokenKeeping;
  /** Epoch ms when the current access token ends, or null if it has no expiry. */
  expiresAt: number | null;
  scopes: readonly string[];
  capabilities: Record<Feature, Capability>;
  subject: string | null;
}

/**
 * Builds the session from a token's claims. The API base is, in order: the host's configured gateway, the token's
 * Management API audience, the tenant domain.
 */
export function buildSession(
  claims: TokenClaims,
  method: SignInMethod,
  keeping: TokenKeeping,
  apiBaseOverride?: string,
): Session {
  const apiBaseUrl = apiBaseOverride?.trim()
    ? normaliseApiBase(apiBaseOverride)
    : (claims.managementAudience ?? apiBaseForDomain(claims.tenantDomain));
  return {
    tenantDomain: claims.tenantDomain,
    apiBaseUrl,
    method,
    keeping,
    expiresAt: claims.expiresAt,
    scopes: claims.scopes,
    capabilities: capabilitiesFor(claims.scopes),
    subject: claims.subject,
  };
}

/** A tenant host without scheme or trailing slash, lower-cased: `https://Acme.auth0.com/` → `acme.auth0.com`. */
export function tenantHost(domainOrUrl: string): string {
  const trimmed = domainOrUrl.trim();
  try {
    return new URL(/^https?:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`).host.toLowerCase();
  } catch {
    return trimmed.toLowerCase();
  }
}

/** Whether a hosting config's allow-list admits a tenant. No list means any tenant. */
export function tenantAllowed(tenant: string, allowedTenants: readonly string[] | undefined): boolean {
  if (allowedTenants === undefined) return true;
  const host = tenantHost(tenant);
  return allowedTenants.some((allowed) => tenantHost(allowed) === host);
}

/** Minutes before expiry at which Ferry warns that a pasted token is about to end. */
export const EXPIRY_WARNING_MS = 5 * 60 * 1000;

/** Why this copy of Ferry will not connect to `domain` (its allow-list), or null when it may. */
export function tenantRefusal(domain: string, allowedTenants: readonly string[] | undefined): string | null {
  if (tenantAllowed(domain, allowedTenants)) return null;
  return allowedTenants?.length
    ? `This copy of Ferry is set up for ${allowedTenants.join(', ')} only, so it will not connect to ${tenantHost(domain)}.`
    : `This copy of Ferry has a broken tenant allow-list in config.json, so it connects to no tenant.`;
}
