/**
 * The PKCE steps of the session: leaving for the tenant's login page, coming back from it, and resuming the last
 * PKCE tenant after a reload. spa-js (in pkce.ts) is loaded on demand: most page loads never sign in with PKCE.
 */
import type { PlanPreset } from '../api/rate-limit';
import { defaultAudience } from './pkce-return';
import type { TenantSettings } from './remembered-settings';
import { tenantHost, type Authenticator, type TokenKeeping } from './session-model';
import { rememberedTenant } from './tenant-memory';

const loadPkce = () => import('./pkce');

/** A PKCE sign-in ready for the session to adopt. */
export interface PkceSignIn {
  authenticator: Authenticator;
  token: string;
  /** The API base remembered for the tenant; undefined means the config's (or the tenant's own). */
  apiBaseUrl: string | undefined;
  keeping: TokenKeeping;
  /** The plan remembered for the tenant, or null to keep the current one. */
  plan: PlanPreset | null;
}

/** Leaves for the tenant's login page. */
export async function startPkce(
  settings: { domain: string; clientId: string; audience: string; keepSignedIn: boolean },
  returnTo: string,
): Promise<void> {
  await (await loadPkce()).startPkceSignIn(settings, returnTo);
}

/** Completes the sign-in the login page redirected back from. */
export async function finishPkceRedirect(): Promise<PkceSignIn> {
  const { authenticator, settings } = await (await loadPkce()).completePkceSignIn();
  const remembered = rememberedTenant(tenantHost(settings.domain));
  return {
    authenticator,
    token: await authenticator.accessToken(),
    apiBaseUrl: remembered?.apiBaseUrl || undefined,
    keeping: authenticator.keeping,
    plan: remembered?.plan ?? null,
  };
}

/** Signs in again silently to the last PKCE tenant (kept on this device), or null when it cannot. */
export async function resumePkceTenant(last: TenantSettings): Promise<PkceSignIn | null> {
  const authenticator = await (
    await loadPkce()
  ).resumePkce({ ...last, audience: last.audience || defaultAudience(last.domain) });
  if (!authenticator) return null;
  return {
    authenticator,
    token: await authenticator.accessToken(),
    apiBaseUrl: last.apiBaseUrl || undefined,
    keeping: 'device',
    plan: last.plan,
  };
}
