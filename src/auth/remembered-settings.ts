import { planPresets, type PlanPreset } from '../api/rate-limit';
import type { SignInMethod } from './session-model';

/**
 * Sign-in settings Ferry remembers per tenant in localStorage: domain, client id, audience, API base URL, plan and
 * the "keep me signed in" choice. None of these is a secret; no token is ever written here.
 */

export interface TenantSettings {
  domain: string;
  clientId: string;
  audience: string;
  apiBaseUrl: string;
  plan: PlanPreset;
  keepSignedIn: boolean;
}

export interface RememberedSettings {
  /** The tenant last signed in to. */
  lastTenant: string | null;
  /** How, while still signed in; cleared by an explicit sign-out so a reload does not offer to resume. */
  lastMethod: SignInMethod | null;
  tenants: Record<string, TenantSettings>;
}

const KEY = 'ferry.sign-in';

const empty = (): RememberedSettings => ({ lastTenant: null, lastMethod: null, tenants: {} });

function toSettings(value: unknown): TenantSettings | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const text = (key: string) => (typeof v[key] === 'string' ? (v[key] as string) : '');
  if (!text('domain')) return null;
  const plan = planPresets.find((p) => p === v.plan) ?? 'free';
  return {
    domain: text('domain'),
    clientId: text('clientId'),
    audience: text('audience'),
    apiBaseUrl: text('apiBaseUrl'),
    plan,
    keepSignedIn: v.keepSignedIn === true,
  };
}

/** Reads what was remembered; anything unreadable (storage off, edited by hand) reads as nothing remembered. */
export function readRemembered(storage: Storage | null): RememberedSettings {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(KEY) ?? 'null');
    if (typeof parsed !== 'object' || parsed === null) return empty();
    const p = parsed as Record<string, unknown>;
    const tenants: Record<string, TenantSettings> = {};
    if (typeof p.tenants === 'object' && p.tenants !== null) {
      for (const [host, value] of Object.entries(p.tenants)) {
        const settings = toSettings(value);
        if (settings) tenants[host] = settings;
      }
    }
    return {
      lastTenant: typeof p.lastTenant === 'string' && p.lastTenant in tenants ? p.lastTenant : null,
      lastMethod: p.lastMethod === 'pkce' || p.lastMethod === 'token' ? p.lastMethod : null,
      tenants,
    };
  } catch {
    return empty();
  }
}

/** Writes the settings; a full or disabled storage only means Ferry will not prefill next time. */
export function writeRemembered(storage: Storage | null, settings: RememberedSettings): void {
  try {
    storage?.setItem(KEY, JSON.stringify(settings));
  } catch {
    // Storage unavailable (private mode, quota): remembering is a convenience, not a requirement.
  }
}

/** Returns `settings` with one tenant's entry updated and marked as the last used. */
export function rememberTenant(
  settings: RememberedSettings,
  host: string,
  tenant: TenantSettings,
  method: SignInMethod,
): RememberedSettings {
  return { lastTenant: host, lastMethod: method, tenants: { ...settings.tenants, [host]: tenant } };
}

/** Safe access to window storage (it throws in some privacy modes). */
export function browserStorage(kind: 'local' | 'session'): Storage | null {
  try {
    return kind === 'local' ? globalThis.localStorage : globalThis.sessionStorage;
  } catch {
    return null;
  }
}
