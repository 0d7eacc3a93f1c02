import { Auth0Client } from '@auth0/auth0-spa-js';
import { ApiError } from '../api/problems';
import { browserStorage } from './remembered-settings';
import { PENDING_KEY } from './pkce-return';
import type { Authenticator } from './session-model';

/**
 * "Sign in with Auth0": authorization code + PKCE through @auth0/auth0-spa-js.
 *
 * Reload behaviour, chosen deliberately:
 * - Default: tokens live in memory (`cacheLocation: 'memory'`) with refresh tokens, and the refresh-token fallback
 *   to a hidden iframe is off. A reload therefore loses the session, but never stalls: spa-js's iframe silent login
 *   waits up to 60 s on tenants that block third-party cookies. Ferry instead offers a one-click "Sign in again",
 *   a redirect that returns at once while the Auth0 session cookie is alive.
 * - Opt-in "Keep me signed in on this device": spa-js keeps its cache (refresh token included) in localStorage, so a
 *   reload restores the session with one refresh-token call. Anyone using this browser profile can then act as the
 *   admin until sign-out: that is why it is opt-in.
 */

export interface PkceSettings {
  /** Tenant domain; `http://host:port` (scheme written out) for a local emulator, else https is implied. */
  domain: string;
  clientId: string;
  audience: string;
  keepSignedIn: boolean;
}

/** Scopes asked for: OIDC, offline_access for refresh tokens, and the admin scopes a gateway may grant. */
export const PKCE_SCOPE =
  'openid profile email offline_access read:users create:users update:users read:connections read:current_user';

function createClient(settings: PkceSettings): Auth0Client {
  return new Auth0Client({
    domain: settings.domain,
    clientId: settings.clientId,
    authorizationParams: {
      audience: settings.audience,
      redirect_uri: location.origin + location.pathname,
      scope: PKCE_SCOPE,
    },
    useRefreshTokens: true,
    useRefreshTokensFallback: false,
    cacheLocation: settings.keepSignedIn ? 'localstorage' : 'memory',
  });
}

class PkceAuthenticator implements Authenticator {
  readonly method = 'pkce' as const;
  readonly keeping: 'memory' | 'device';
  readonly #client: Auth0Client;

  constructor(client: Auth0Client, keepSignedIn: boolean) {
    this.#client = client;
    this.keeping = keepSignedIn ? 'device' : 'memory';
  }

  async accessToken(): Promise<string> {
    let token: string | undefined;
    let detail = 'no token was returned';
    try {
      token = await this.#client.getTokenSilently();
    } catch (error) {
      detail = error instanceof Error ? error.message : String(error);
    }
    if (!token) {
      throw new ApiError({
        kind: 'Unauthorized',
        status: 401,
        expired: true,
        message: `The Auth0 sign-in could not be renewed (${detail}). Sign in again.`,
      });
    }
    return token;
  }

  async signOut(): Promise<void> {
    // openUrl: false clears spa-js's cache (memory or localStorage) without leaving the page.
    await this.#client.logout({ openUrl: false });
  }
}

/** Leaves for the tenant's login page. `returnTo` is the hash to show after coming back. */
export async function startPkceSignIn(settings: PkceSettings, returnTo: string): Promise<void> {
  browserStorage('session')?.setItem(PENDING_KEY, JSON.stringify(settings));
  await createClient(settings).loginWithRedirect({ appState: { returnTo } });
}

function pendingSettings(): PkceSettings | null {
  try {
    const parsed: unknown = JSON.parse(browserStorage('session')?.getItem(PENDING_KEY) ?? 'null');
    if (typeof parsed !== 'object' || parsed === null) return null;
    const p = parsed as Record<string, unknown>;
    if (typeof p.domain !== 'string' || typeof p.clientId !== 'string' || typeof p.audience !== 'string')
      return null;
    return {
      domain: p.domain,
      clientId: p.clientId,
      audience: p.audience,
      keepSignedIn: p.keepSignedIn === true,
    };
  } catch {
    return null;
  }
}

export interface PkceResult {
  authenticator: Authenticator;
  settings: PkceSettings;
  returnTo: string;
}

/** Completes the return from the authorization server and removes code and state from the address bar. */
export async function completePkceSignIn(): Promise<PkceResult> {
  const settings = pendingSettings();
  browserStorage('session')?.removeItem(PENDING_KEY);
  const cleanUrl = location.origin + location.pathname;
  try {
    if (!settings) throw new Error('the sign-in was not started from this tab');
    const client = createClient(settings);
    const result = await client.handleRedirectCallback();
    const state = 'appState' in result ? (result.appState as { returnTo?: unknown } | undefined) : undefined;
    const returnTo =
      typeof state?.returnTo === 'string' && state.returnTo.startsWith('#/')
        ? state.returnTo
        : '#/connection';
    showCleanUrl(cleanUrl + returnTo);
    return { authenticator: new PkceAuthenticator(client, settings.keepSignedIn), settings, returnTo };
  } catch (error) {
    showCleanUrl(cleanUrl + '#/connection');
    throw error;
  }
}

/** Replaces the callback URL (code, state) without a new history entry, and tells the hash router. */
function showCleanUrl(url: string): void {
  history.replaceState(null, '', url);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

/** With "keep me signed in", restores the session from spa-js's localStorage cache (refresh token, no iframe). */
export async function resumePkce(settings: PkceSettings): Promise<Authenticator | null> {
  if (!settings.keepSignedIn) return null;
  const authenticator = new PkceAuthenticator(createClient(settings), true);
  try {
    await authenticator.accessToken();
    return authenticator;
  } catch {
    return null;
  }
}
