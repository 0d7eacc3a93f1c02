/** The screens of Ferry, addressed by hash routes so deep links work on any static host and sub-path. */
export const routes = [
  { id: 'import', path: '#/import', label: 'Import' },
  { id: 'export', path: '#/export', label: 'Export' },
  { id: 'convert', path: '#/convert', label: 'Convert & check' },
  { id: 'history', path: '#/history', label: 'History' },
  { id: 'connection', path: '#/connection', label: 'Connection' },
] as const;

export type RouteId = (typeof routes)[number]['id'];

export const defaultRoute: RouteId = 'convert';

/** Maps a location hash to a screen; unknown hashes fall back to the default screen. */
export function routeFromHash(hash: string): RouteId {
  const match = routes.find(
    (route) => hash === route.path || hash.startsWith(route.path + '/') || hash.startsWith(route.path + '?'),
  );
  return match ? match.id : defaultRoute;
}
