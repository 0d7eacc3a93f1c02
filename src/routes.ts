/** The screens of Ferry, addressed by hash routes so deep links work on any static host and sub-path. */
export const routes = [
  { id: 'import', path: '#/import', label: 'Import' },
  { id: 'export', path: '#/export', label: 'Export' },
  { id: 'convert', path: '#/convert', label: 'Convert & check' },
  { id: 'history', path: '#/history', label: 'History' },
  { id: 'connection', path: '#/connection', label: 'Connection' },
] as const;

export type RouteId = (typeof routes)[number]['id'];

/** What the shell shows: a screen, or the "no such screen" page for a hash that names none. */
export type RouteMatch = RouteId | 'not-found';

export const defaultRoute: RouteId = 'convert';

/**
 * Maps a location hash to a screen. No hash (or a bare `#/`) opens the default screen; a hash that names no screen
 * is reported as `not-found` rather than silently showing another screen, so a mistyped or outdated link is noticed.
 */
export function routeFromHash(hash: string): RouteMatch {
  if (hash === '' || hash === '#' || hash === '#/') return defaultRoute;
  const match = routes.find(
    (route) => hash === route.path || hash.startsWith(route.path + '/') || hash.startsWith(route.path + '?'),
  );
  return match ? match.id : 'not-found';
}

/** The document title for a route: the screen first, so tabs and history entries are told apart. */
export function titleFor(route: RouteMatch): string {
  const label = route === 'not-found' ? 'Page not found' : routes.find((r) => r.id === route)?.label;
  return `${label} · Ferry`;
}
