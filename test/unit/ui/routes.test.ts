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
  });

  it('round-trips through routeHref, including queries that need escaping', () => {
    const routes: Route[] = [
      { name: 'home' },
      { name: 'search', query: 'amélie & co?' },
      { name: 'item', id: 6 },
      { name: 'you' },
      { name: 'settings' },
    ];
    for (const r of routes) expect(parseRoute(routeHref(r))).toEqual(r);
  });
});
