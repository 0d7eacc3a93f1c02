/**
 * Builds Management API URLs: the ONLY place in Ferry that does. The base comes from the session (the tenant's
 * `https://{domain}/api/v2/` or a team's gateway); path segments are always encoded; the token never goes in a URL.
 */

export type QueryValue = string | number | boolean | undefined | readonly string[];
export type Query = Record<string, QueryValue>;

/** A path relative to the API base, with every interpolated value percent-encoded: apiPath`jobs/${id}/errors`. */
export function apiPath(strings: TemplateStringsArray, ...values: readonly string[]): string {
  return strings.reduce((path, part, index) => {
    const value = index < values.length ? encodeURIComponent(values[index]) : '';
    return path + part + value;
  }, '');
}

/** Checks an API base URL and returns it with exactly one trailing slash; throws a plain-language Error when bad. */
export function normaliseApiBase(base: string): string {
  let url: URL;
  try {
    url = new URL(base.trim());
  } catch {
    throw new Error(
      `"${base}" is not an absolute URL; expected e.g. https://your-tenant.eu.auth0.com/api/v2/`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`The API base URL must start with https:// (got ${url.protocol})`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new Error('The API base URL must not carry a query, fragment or credentials');
  }
  return url.origin + url.pathname.replace(/\/*$/, '/');
}

/** Joins the base, a relative path from `apiPath`, and query parameters (arrays repeat the key). */
export function buildApiUrl(base: string, path: string, query: Query = {}): string {
  const url = new URL(path.replace(/^\/+/, ''), normaliseApiBase(base));
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      for (const item of value) url.searchParams.append(key, item);
    } else {
      url.searchParams.set(key, String(value));
    }
  }
  return url.toString();
}

/** The Management API base for a tenant domain (host, or a scheme-qualified origin such as a local emulator). */
export function apiBaseForDomain(domain: string): string {
  const origin = /^https?:\/\//i.test(domain) ? domain : `https://${domain}`;
  return normaliseApiBase(origin.replace(/\/+$/, '') + '/api/v2/');
}
