/**
 * A worker's own refusal to reach another origin, for hosts that send no Content-Security-Policy header: a
 * <meta> policy binds the page only, and a worker takes its policy from its script's response headers (HTML,
 * "initialize a worker global scope's policy container"), so on such a host nothing stopped a dependency inside
 * the recommender worker or the service worker from sending the user's ratings away.
 *
 * Run first in a worker (before any other code can keep a reference to the originals), it replaces every API
 * that sends a request, wherever it is defined on the global's prototype chain, with one that refuses another
 * origin as connect-src 'self' would: fetch, XMLHttpRequest, importScripts, WebSocket, EventSource,
 * WebTransport, Cache add/addAll, background fetch, and nested workers (which would start without the guard).
 * The replacements cannot be replaced again. What no script can wrap is a module worker's dynamic import(): only
 * a header policy stops that one (service workers may not use import() at all).
 */
export function guardNetwork(scope: object): void {
  type Fn = (this: unknown, ...args: unknown[]) => unknown;
  type Ctor = (new (...args: unknown[]) => object) & { prototype: object };
  const g = scope as Record<string, unknown> & { location: { href: string; origin: string } };
  const Request = g.Request as (new (input: string) => { url: string }) | undefined;
  const here = g.location.href;
  const origin = g.location.origin;

  const urlOf = (input: unknown): string => (Request && input instanceof Request ? input.url : String(input));
  /** Whether a URL (resolved as the API would) is this origin: ws: and wss: count as http: and https:. */
  const ours = (input: unknown): boolean => {
    let url: URL;
    try {
      url = new URL(urlOf(input), here);
    } catch {
      return false;
    }
    const scheme = url.protocol === 'ws:' ? 'http:' : url.protocol === 'wss:' ? 'https:' : url.protocol;
    return scheme === 'blob:' ? url.origin === origin : `${scheme}//${url.host}` === origin;
  };
  const refusal = (what: string, input: unknown) => {
    const message = `Matinee's network guard refused ${what} ${urlOf(input).slice(0, 200)}: this worker reaches only ${origin}`;
    (g.console as { error(m: string): void } | undefined)?.error(message);
    return new TypeError(message);
  };
  const fixed = (value: unknown) => ({ value, writable: false, configurable: false, enumerable: false });
  /** `wrap(original)` in place of obj[name] on every object of obj's prototype chain that defines it. */
  const replace = (obj: unknown, name: string, wrap: (original: Fn) => Fn) => {
    for (let o = obj; o !== null && o !== undefined; o = Object.getPrototypeOf(o)) {
      const d = Object.getOwnPropertyDescriptor(o, name);
      if (d && typeof d.value === 'function') Object.defineProperty(o, name, fixed(wrap(d.value as Fn)));
    }
  };
  const method = (obj: unknown, name: string, urls: (args: unknown[]) => unknown[], rejects: boolean) =>
    replace(
      obj,
      name,
      (original) =>
        function (this: unknown, ...args: unknown[]) {
          const foreign = urls(args).find((u) => !ours(u));
          if (foreign === undefined) return Reflect.apply(original, this, args);
          const error = refusal(name, foreign);
          if (rejects) return Promise.reject(error);
          throw error;
        },
    );
  const prototypeOf = (name: string) => (g[name] as Ctor | undefined)?.prototype;
  /** A constructor that refuses another origin; its prototype's `constructor` leads to it, not to the original. */
  const constructor = (name: string, allowed: (url: unknown) => boolean) => {
    const Original = g[name] as Ctor | undefined;
    if (typeof Original !== 'function') return;
    const Guarded = function (this: unknown, ...args: unknown[]) {
      if (!new.target) return Reflect.apply(Original as unknown as Fn, this, args);
      if (!allowed(args[0])) throw refusal(`new ${name}`, args[0]);
      return Reflect.construct(Original, args, new.target);
    };
    Guarded.prototype = Original.prototype;
    // Its statics (WebSocket.OPEN), name and length, but not the original's own prototype chain, which leads back.
    for (const key of Object.getOwnPropertyNames(Original))
      if (key !== 'prototype') Object.defineProperty(Guarded, key, fixed(Original[key as keyof Ctor]));
    Object.defineProperty(Original.prototype, 'constructor', fixed(Guarded));
    replace(scope, name, () => Guarded as unknown as Fn);
  };

  const first = (args: unknown[]) => [args[0]];
  method(scope, 'fetch', first, true);
  method(scope, 'importScripts', (args) => args, false);
  method(prototypeOf('XMLHttpRequest'), 'open', (args) => [args[1]], false);
  method(prototypeOf('Cache'), 'add', first, true);
  method(prototypeOf('Cache'), 'addAll', (args) => [...((args[0] as unknown[]) ?? [])], true);
  method(prototypeOf('BackgroundFetchManager'), 'fetch', (args) => [args[1]].flat(), true);
  method(g.navigator, 'sendBeacon', first, false);
  for (const name of ['WebSocket', 'EventSource', 'WebTransport']) constructor(name, ours);
  // A worker from a blob: or data: URL would run code this guard never saw.
  const script = (url: unknown) => ours(url) && /^https?:$/.test(new URL(urlOf(url), here).protocol);
  for (const name of ['Worker', 'SharedWorker']) constructor(name, script);
}
