/**
 * What Ferry remembers about tenants in localStorage, as the session reads and writes it: the sign-in form's
 * prefill, the settings kept at each sign-in, the plan per tenant, the last PKCE tenant to resume. Never a token.
 */
import type { PlanPreset } from '../api/rate-limit';
import type { HostingConfig } from '../config/hosting-config';
import {
  browserStorage,
  readRemembered,
  rememberTenant,
  writeRemembered,
  type TenantSettings,
} from './remembered-settings';
import { tenantHost, type SignInMethod } from './session-model';

/** What the sign-in form submits for "Sign in with Auth0". */
export interface Auth0SignInForm {
  domain: string;
  clientId: string;
  audience: string;
  apiBaseUrl: string;
  keepSignedIn: boolean;
}

const local = () => browserStorage('local');

/** Prefill for the sign-in form: config presets first, then what was remembered for the last tenant. */
export function signInFormDefaults(config: HostingConfig): Auth0SignInForm {
  const remembered = readRemembered(local());
  const last = remembered.lastTenant ? remembered.tenants[remembered.lastTenant] : undefined;
  const byConfig = config.domain ? remembered.tenants[tenantHost(config.domain)] : undefined;
  const known = byConfig ?? last;
  return {
    domain: config.domain ?? known?.domain ?? '',
    clientId: config.clientId ?? known?.clientId ?? '',
    audience: config.audience ?? known?.audience ?? '',
    apiBaseUrl: config.apiBaseUrl ?? known?.apiBaseUrl ?? '',
    keepSignedIn: known?.keepSignedIn ?? false,
  };
}

/** The settings remembered for `host` (a bare tenant host), if any. */
export function rememberedTenant(host: string): TenantSettings | undefined {
  return readRemembered(local()).tenants[host];
}

/** The tenant to resume after a reload: the last one, when it was signed in with PKCE. */
export function lastPkceTenant(): TenantSettings | undefined {
  const remembered = readRemembered(local());
  const last = remembered.lastTenant ? remembered.tenants[remembered.lastTenant] : undefined;
  return remembered.lastMethod === 'pkce' ? last : undefined;
}

/** Keeps a tenant's non-secret settings and how it was signed in to. */
export function rememberSignIn(domain: string, settings: TenantSettings, method: SignInMethod): void {
  const storage = local();
  writeRemembered(storage, rememberTenant(readRemembered(storage), tenantHost(domain), settings, method));
}

/**
 * The settings kept for a pasted token's tenant: what was remembered for it, with this sign-in's API. The plan is the
 * one chosen for the tenant before, else `plan` (the page's): after a reload the page starts at its default, and
 * pacing a paid tenant as Free made every run several times slower.
 */
export function pastedTokenSettings(domain: string, apiBaseUrl: string, plan: PlanPreset): TenantSettings {
  const remembered = rememberedTenant(domain);
  return {
    domain: remembered?.domain ?? domain,
    clientId: remembered?.clientId ?? '',
    audience: remembered?.audience ?? '',
    apiBaseUrl,
    plan: remembered?.plan ?? plan,
    keepSignedIn: remembered?.keepSignedIn ?? false,
  };
}

/** Remembers the rate-limit plan for a tenant already remembered. */
export function rememberPlan(host: string | undefined, plan: PlanPreset): void {
  const storage = local();
  const remembered = readRemembered(storage);
  const entry = host ? remembered.tenants[host] : undefined;
  if (host && entry)
    writeRemembered(storage, {
      ...remembered,
      tenants: { ...remembered.tenants, [host]: { ...entry, plan } },
    });
}

/** After sign-out: nothing is resumed at the next start; the tenants' settings stay. */
export function forgetLastMethod(): void {
  const storage = local();
  writeRemembered(storage, { ...readRemembered(storage), lastMethod: null });
}
