/**
 * Hash routes: #/ , #/search?q=…, #/item/<id>, #/you, #/settings. Hash-based so the built app works from any
 * static host and sub-path without server rewrites.
 */
export type Route =
  | { name: 'home' }
  | { name: 'search'; query: string }
  | { name: 'item'; id: number }
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
    case 'you':
      return '#/you';
    case 'settings':
      return '#/settings';
    case 'notFound':
      return `#${route.path}`;
  }
}

export const itemHref = (id: number): string => routeHref({ name: 'item', id });
