/**
 * The parts of "Sign in with Auth0" that every page load needs, kept apart from pkce.ts so that @auth0/auth0-spa-js
 * (about 60 KiB gzip) loads only when a PKCE sign-in actually starts, completes or resumes.
 */
import { browserStorage } from './remembered-settings';

/** Remembers, for the round trip through the authorization server, which settings started it (no secret). */
export const PENDING_KEY = 'ferry.pkce-pending';

/** Whether this page load is the return from the authorization server. */
export function isPkceReturn(url: URL): boolean {
  const pending = browserStorage('session')?.getItem(PENDING_KEY);
  return (
    Boolean(pending) &&
    url.searchParams.has('state') &&
    (url.searchParams.has('code') || url.searchParams.has('error'))
  );
}

/** The default Management API audience of a tenant domain. */
export function defaultAudience(domain: string): string {
  const origin = /^https?:\/\//i.test(domain.trim()) ? domain.trim() : `https://${domain.trim()}`;
  return origin.replace(/\/+$/, '') + '/api/v2/';
}
