import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref, type Route } from '../../../src/ui/routes.ts';

describe('hash routes', () => {
  it('parses every route, with and without trailing slashes', () => {
    expect(parseRoute('')).toEqual({ name: 'home' });
    expect(parseRoute('#/')).toEqual({ name: 'home' });
    expect(parseRoute('#/search?q=the%20matrix')).toEqual({ name: 'search', query: 'the matrix' });
    expect(parseRoute('#/search')).toEqual({ name: 'search', query: '' });
    expect(parseRoute('#/item/296')).toEqual({ name: 'item', id: 296 });
    expect(parseRoute('#/you/')).toEqual({ name: 'you' });
    expect(parseRoute('#/settings')).toEqual({ name: 'settings' });
    expect(parseRoute('#/item/abc')).toEqual({ name: 'notFound', path: '/item/abc' });
    expect(parseRoute('#/tag/dark%20comedy')).toEqual({ name: 'browse', kind: 'tag', value: 'dark comedy' });
    expect(parseRoute('#/genre/Sci-Fi/')).toEqual({ name: 'browse', kind: 'genre', value: 'Sci-Fi' });
    expect(parseRoute('#/tag/%E0%A4%A')).toEqual({ name: 'notFound', path: '/tag/%E0%A4%A' });
    expect(parseRoute('#/tag/')).toEqual({ name: 'notFound', path: '/tag' });
  });

  it('round-trips through routeHref, including queries that need escaping', () => {
    const routes: Route[] = [
      { name: 'home' },
      { name: 'search', query: 'amélie & co?' },
      { name: 'item', id: 6 },
      { name: 'browse', kind: 'tag', value: 'based on a book / true story? 100%' },
      { name: 'browse', kind: 'genre', value: '(no genres listed)' },
      { name: 'you' },
      { name: 'settings' },
    ];
    for (const r of routes) expect(parseRoute(routeHref(r))).toEqual(r);
  });
});
