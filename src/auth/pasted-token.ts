import { ApiError } from '../api/problems';
import { tenantRefusal, type Authenticator } from './session-model';
import { browserStorage } from './remembered-settings';
import { readToken, tokenProblemMessage, type TokenClaims } from './token-claims';

/** sessionStorage key for the opt-in "keep for this tab" copy: gone when the tab closes. */
const TAB_KEY = 'ferry.pasted-token';

/**
 * A Management API token pasted by the admin. Held in memory; only with the explicit opt-in is a copy kept in this
 * tab's sessionStorage so a reload keeps working. It cannot be renewed: when it expires the admin pastes a new one.
 */
export class PastedTokenAuthenticator implements Authenticator {
  readonly method = 'token' as const;
  readonly keeping: 'memory' | 'tab';
  readonly #token: string;
  readonly #expiresAt: number | null;
  readonly #now: () => number;

  constructor(token: string, expiresAt: number | null, keepForTab: boolean, now: () => number = Date.now) {
    this.#token = token;
    this.#expiresAt = expiresAt;
    this.#now = now;
    this.keeping = keepForTab ? 'tab' : 'memory';
    const storage = browserStorage('session');
    try {
      if (keepForTab) storage?.setItem(TAB_KEY, token);
      else storage?.removeItem(TAB_KEY);
    } catch {
      // Storage refused: the token stays in memory only, which is the safe default anyway.
    }
  }

  async accessToken(): Promise<string> {
    if (this.#expiresAt !== null && this.#now() >= this.#expiresAt) {
      throw new ApiError({
        kind: 'Unauthorized',
        status: 401,
        expired: true,
        message: 'The pasted token has expired.',
      });
    }
    return this.#token;
  }

  async signOut(): Promise<void> {
    forgetTabToken();
  }
}

/** The token kept for this tab, if the admin opted in. */
export function tabToken(): string | null {
  try {
    return browserStorage('session')?.getItem(TAB_KEY) ?? null;
  } catch {
    return null;
  }
}

export function forgetTabToken(): void {
  try {
    browserStorage('session')?.removeItem(TAB_KEY);
  } catch {
    // Nothing stored, nothing to forget.
  }
}

/** A pasted token Ferry can use, with its claims; or why not (not a token, tenant not allowed, expired), in plain words. */
export type PastedTokenCheck =
  { ok: true; token: string; claims: TokenClaims } | { ok: false; message: string };

/** Checks a pasted token against this copy's tenant allow-list and the clock. */
export function checkPastedToken(
  raw: string,
  allowedTenants: readonly string[] | undefined,
  now = Date.now(),
): PastedTokenCheck {
  const reading = readToken(raw);
  if (!reading.ok) return { ok: false, message: tokenProblemMessage(reading.problem) };
  const { claims, token } = reading;
  const refusal = tenantRefusal(claims.tenantDomain, allowedTenants);
  if (refusal) return { ok: false, message: refusal };
  if (claims.expiresAt !== null && claims.expiresAt <= now) {
    const when = new Date(claims.expiresAt).toLocaleString();
    const message = `This token for ${claims.tenantDomain} expired at ${when}. Get a fresh one from Auth0 Dashboard > Applications > APIs > Auth0 Management API > API Explorer.`;
    return { ok: false, message };
  }
  return { ok: true, token, claims };
}
