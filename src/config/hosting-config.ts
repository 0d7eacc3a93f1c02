import { planPresets, type PlanPreset } from '../api/rate-limit';

/**
 * The hosting config: `config.json` next to index.html, fetched relatively so Ferry works under any sub-path.
 * Every key is optional; public/config.json ships empty. A host (or `npm start` for the demo tenant) presets:
 *
 * ```json
 * {
 *   "domain": "acme.eu.auth0.com",            // tenant domain (or http://127.0.0.1:PORT for a local emulator)
 *   "clientId": "AbC123...",                   // the single-page application used for "Sign in with Auth0"
 *   "audience": "https://acme.eu.auth0.com/api/v2/", // default: https://{domain}/api/v2/
 *   "apiBaseUrl": "https://gw.acme.com/auth0/api/v2/", // a gateway in front of the Management API (default: from the token)
 *   "allowedTenants": ["acme.eu.auth0.com"],   // when non-empty, Ferry refuses every other tenant
 *   "plan": "essentials",                      // rate-limit preset: free | essentials | professional | enterprise
 *   "exportDownloadOrigins": ["https://..."]   // origins of export files (used by the build's CSP)
 * }
 * ```
 * Keys beginning with "//" are comments. The build also reads this file to write the page's connect-src.
 */
export interface HostingConfig {
  domain?: string;
  clientId?: string;
  audience?: string;
  apiBaseUrl?: string;
  allowedTenants?: string[];
  plan?: PlanPreset;
  exportDownloadOrigins?: string[];
}

export interface LoadedConfig {
  config: HostingConfig;
  /** Plain-language problems; the valid parts of the file still apply. */
  problems: string[];
}

const DOMAIN = /^(https?:\/\/)?[a-z0-9.-]+(:\d{1,5})?\/?$/i;

type Checker = (value: unknown, config: HostingConfig) => string | null;

const stringField =
  (
    key: 'domain' | 'clientId' | 'audience' | 'apiBaseUrl',
    test: (v: string) => boolean,
    hint: string,
  ): Checker =>
  (value, config) => {
    if (typeof value !== 'string' || !test(value.trim())) return `"${key}" ${hint}`;
    if (value.trim()) config[key] = value.trim();
    return null;
  };

const isUrl = (v: string) => v === '' || /^https?:\/\/[^\s]+$/i.test(v);

const listField =
  (key: 'allowedTenants' | 'exportDownloadOrigins'): Checker =>
  (value, config) => {
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v.trim() !== '')) {
      // Fail closed: a broken allow-list must not admit every tenant.
      if (key === 'allowedTenants') config.allowedTenants = [];
      return `"${key}" must be a list of non-empty strings, e.g. ["acme.eu.auth0.com"]`;
    }
    if (value.length) config[key] = value.map((v: string) => v.trim());
    return null;
  };

const checkers: Record<keyof HostingConfig, Checker> = {
  domain: stringField(
    'domain',
    (v) => v === '' || DOMAIN.test(v),
    'must be a tenant domain such as acme.eu.auth0.com',
  ),
  clientId: stringField(
    'clientId',
    (v) => /^[\w-]*$/.test(v),
    'must be an application client id (letters, digits, - and _)',
  ),
  audience: stringField('audience', isUrl, 'must be a URL such as https://acme.eu.auth0.com/api/v2/'),
  apiBaseUrl: stringField('apiBaseUrl', isUrl, 'must be a URL such as https://acme.eu.auth0.com/api/v2/'),
  allowedTenants: listField('allowedTenants'),
  exportDownloadOrigins: listField('exportDownloadOrigins'),
  plan: (value, config) => {
    if (typeof value !== 'string' || !(planPresets as readonly string[]).includes(value)) {
      return `"plan" must be one of ${planPresets.join(', ')}`;
    }
    config.plan = value as PlanPreset;
    return null;
  },
};

/** Checks a parsed config.json; unknown keys and bad values become problems naming the key and the fix. */
export function validateHostingConfig(value: unknown): LoadedConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      config: {},
      problems: ['config.json must hold one JSON object, e.g. {"domain": "acme.eu.auth0.com"}'],
    };
  }
  const config: HostingConfig = {};
  const problems: string[] = [];
  for (const [key, entry] of Object.entries(value)) {
    if (key.startsWith('//')) continue;
    if (!(key in checkers)) {
      problems.push(`Unknown key "${key}" (known keys: ${Object.keys(checkers).join(', ')})`);
      continue;
    }
    const problem = checkers[key as keyof HostingConfig](entry, config);
    if (problem) problems.push(problem);
  }
  return { config, problems: problems.map((p) => `config.json: ${p}.`) };
}

/** Fetches and checks `./config.json`. A missing file is fine (no presets); an unreadable one is a problem. */
export async function loadHostingConfig(
  fetchFn: typeof fetch = (i, init) => fetch(i, init),
): Promise<LoadedConfig> {
  let response: Response;
  try {
    response = await fetchFn('./config.json', { credentials: 'same-origin' });
  } catch {
    return { config: {}, problems: [] }; // offline or no file: Ferry works without presets
  }
  if (response.status === 404) return { config: {}, problems: [] };
  if (!response.ok)
    return { config: {}, problems: [`config.json could not be read (HTTP ${response.status}).`] };
  const text = await response.text();
  try {
    return validateHostingConfig(JSON.parse(text));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      config: {},
      problems: [`config.json is not valid JSON (${detail}). Fix the file or remove it.`],
    };
  }
}
