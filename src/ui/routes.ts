/**
 * Hash routes: #/ , #/search?q=…, #/item/<id>, #/tag/<tag>, #/genre/<genre>, #/you, #/settings. Hash-based so the
 * built app works from any static host and sub-path without server rewrites.
 */
import type { BrowseKind } from '../engine/catalogue/types.ts';

export type Route =
  | { name: 'home' }
  | { name: 'search'; query: string }
  | { name: 'item'; id: number }
  | { name: 'browse'; kind: BrowseKind; value: string }
  | { name: 'you' }
  | { name: 'settings' }
  | { name: 'notFound'; path: string };

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const [path = '', search = ''] = raw.split('?', 2);
  const clean = path.replace(/\/+$/, '') || '/';
  if (clean === '/' || clean === '') return { name: 'home' };
  if (clean === '/search') return { name: 'search', query: new URLSearchParams(search).get('q') ?? '' };
  if (clean === '/you') return { name: 'you' };
  if (clean === '/settings') return { name: 'settings' };
  const item = /^\/item\/(-?\d+)$/.exec(clean);
  if (item) return { name: 'item', id: Number(item[1]) };
  // The value is one escaped segment (routeHref escapes "/" and "?" in it).
  const browse = /^\/(tag|genre)\/([^/]+)$/.exec(clean);
  if (browse) {
    const value = decoded(browse[2]!);
    if (value !== null && value.trim() !== '') return { name: 'browse', kind: browse[1] as BrowseKind, value };
  }
  return { name: 'notFound', path: clean };
}

export function routeHref(route: Route): string {
  switch (route.name) {
    case 'home':
      return '#/';
    case 'search':
      return route.query ? `#/search?${new URLSearchParams({ q: route.query })}` : '#/search';
    case 'item':
      return `#/item/${route.id}`;
    case 'browse':
      return `#/${route.kind}/${encodeURIComponent(route.value)}`;
    case 'you':
      return '#/you';
    case 'settings':
      return '#/settings';
    case 'notFound':
      return `#${route.path}`;
  }
}

export const itemHref = (id: number): string => routeHref({ name: 'item', id });
export const browseHref = (kind: BrowseKind, value: string): string => routeHref({ name: 'browse', kind, value });

/** A path segment as typed or linked; null when its percent-escapes are broken (a truncated UTF-8 sequence). */
function decoded(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
