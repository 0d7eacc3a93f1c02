/**
 * Writes the page's Content-Security-Policy at build time. The policy forbids eval, inline scripts, third-party
 * hosts and framing; `connect-src` names only the tenants Ferry may talk to:
 * - the origins of `domain`, `apiBaseUrl`, `allowedTenants` and `exportDownloadOrigins` in public/config.json;
 * - when config.json names no tenant, any https origin (the admin types a tenant domain at sign-in);
 * - FERRY_CONNECT_SRC (space-separated) adds origins, e.g. the local demo tenant for `npm start` and the tests.
 * A host that serves its own CSP header should send the same policy (see README, "Hosting").
 */
import { readFileSync, existsSync } from 'node:fs';
import type { Plugin } from 'vite';

interface HostingConfig {
  domain?: string;
  apiBaseUrl?: string;
  allowedTenants?: string[];
  exportDownloadOrigins?: string[];
}

/** The origin of a tenant domain or URL: `acme.eu.auth0.com` → `https://acme.eu.auth0.com`. */
export function originOf(domainOrUrl: string): string | null {
  const trimmed = domainOrUrl.trim();
  if (!trimmed) return null;
  try {
    return new URL(/^[a-z]+:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`).origin;
  } catch {
    return null;
  }
}

/** The connect-src sources for a hosting config plus extra sources. */
export function connectSources(config: HostingConfig, extra: string[]): string[] {
  const named = [
    config.domain,
    config.apiBaseUrl,
    ...(config.allowedTenants ?? []),
    ...(config.exportDownloadOrigins ?? []),
  ]
    .filter((value): value is string => typeof value === 'string')
    .map(originOf)
    .filter((origin): origin is string => origin !== null);
  const tenants = named.length > 0 ? named : ['https:'];
  return [...new Set(["'self'", ...tenants, ...extra])];
}

/** The whole policy. */
export function contentSecurityPolicy(connectSrc: string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "worker-src 'self' blob:",
    `connect-src ${connectSrc.join(' ')}`,
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

export function cspPlugin(configPath = 'public/config.json'): Plugin {
  return {
    name: 'ferry-csp',
    transformIndexHtml: {
      order: 'pre',
      handler(html, context) {
        // The dev server injects inline scripts for hot reload: the strict policy applies to builds only.
        if (context.server) return html.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>\s*/i, '');
        const config: HostingConfig = existsSync(configPath)
          ? JSON.parse(readFileSync(configPath, 'utf8'))
          : {};
        const extra = (process.env.FERRY_CONNECT_SRC ?? '').split(/\s+/).filter(Boolean);
        const policy = contentSecurityPolicy(connectSources(config, extra));
        return html.replace(
          /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")[^"]*(")/i,
          `$1${policy}$2`,
        );
      },
    },
  };
}
