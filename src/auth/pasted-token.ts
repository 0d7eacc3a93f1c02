import { ApiError } from '../api/problems';
import type { Authenticator } from './session-model';
import { browserStorage } from './remembered-settings';

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
