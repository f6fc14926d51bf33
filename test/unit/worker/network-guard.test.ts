/**
 * The network guard on a stand-in worker global (the browser test, test/e2e/csp.test.ts, runs it in the real
 * recommender and service workers): every API that sends a request refuses another origin, passes this origin's
 * requests to the original, and cannot be undone or gone around.
 */
import { describe, expect, it } from 'vitest';
import { guardNetwork } from '../../../src/worker/network-guard.ts';

const HERE = 'https://films.example/matinee/assets/recommender.worker-ab12.js';

/** A worker global as the browser builds it: fetch on the prototype, constructors on the global. */
function workerGlobal() {
  const sent: string[] = [];
  class Request {
    constructor(readonly url: string) {}
  }
  class Opened {
    constructor(readonly url: string) {
      sent.push(`${new.target.name} ${url}`);
    }
  }
  class WebSocket extends Opened {
    static readonly OPEN = 1;
  }
  class EventSource extends Opened {}
  class Worker extends Opened {}
  class XMLHttpRequest {
    open(_method: string, url: string) {
      sent.push(`xhr ${url}`);
    }
  }
  class Cache {
    add(url: string) {
      sent.push(`cache ${url}`);
      return Promise.resolve();
    }
    addAll(urls: string[]) {
      sent.push(...urls.map((u) => `cache ${u}`));
      return Promise.resolve();
    }
  }
  const prototype = {
    fetch(input: string | Request) {
      sent.push(`fetch ${typeof input === 'string' ? input : input.url}`);
      return Promise.resolve('answered');
    },
    importScripts(...urls: string[]) {
      sent.push(...urls.map((u) => `script ${u}`));
    },
  };
  const scope = Object.assign(Object.create(prototype) as typeof prototype, {
    location: { href: HERE, origin: new URL(HERE).origin },
    console: { error: () => {} },
    Request,
    WebSocket,
    EventSource,
    Worker,
    XMLHttpRequest,
    Cache,
  });
  return { scope, sent, prototype };
}

describe('guardNetwork', () => {
  it('refuses every way of sending a request to another origin, and sends none', async () => {
    const { scope, sent } = workerGlobal();
    guardNetwork(scope);
    const foreign = 'https://tracker.example/collect?ratings=1';
    await expect(scope.fetch(foreign)).rejects.toThrow(/network guard refused fetch https:\/\/tracker\.example/);
    await expect(scope.fetch(new scope.Request(foreign))).rejects.toThrow(TypeError);
    await expect(scope.fetch('//tracker.example/x')).rejects.toThrow(TypeError);
    expect(() => scope.importScripts('./ok.js', foreign)).toThrow(TypeError);
    expect(() => new scope.XMLHttpRequest().open('GET', foreign)).toThrow(TypeError);
    expect(() => new scope.WebSocket('wss://tracker.example/')).toThrow(TypeError);
    expect(() => new scope.EventSource(foreign)).toThrow(TypeError);
    await expect(new scope.Cache().add(foreign)).rejects.toThrow(TypeError);
    await expect(new scope.Cache().addAll(['./a.js', foreign])).rejects.toThrow(TypeError);
    // A worker from a blob: or data: URL would start without the guard.
    expect(() => new scope.Worker('blob:https://films.example/1b2c')).toThrow(TypeError);
    expect(() => new scope.Worker('data:text/javascript,fetch("https://tracker.example")')).toThrow(TypeError);
    expect(sent).toEqual([]);
  });

  it('lets this origin through to the original, relative URLs and same-host sockets included', async () => {
    const { scope, sent } = workerGlobal();
    guardNetwork(scope);
    await expect(scope.fetch('snapshot-ab12.bin')).resolves.toBe('answered');
    await expect(scope.fetch(new scope.Request('https://films.example/matinee/sw.js'))).resolves.toBe('answered');
    await scope.fetch('blob:https://films.example/1b2c');
    scope.importScripts('/matinee/sw-guard.js');
    new scope.XMLHttpRequest().open('GET', './x');
    const socket = new scope.WebSocket('wss://films.example/live');
    new scope.Worker(HERE);
    await new scope.Cache().addAll(['./a.js', './b.js']);
    expect(socket).toBeInstanceOf(scope.WebSocket);
    expect(scope.WebSocket.OPEN).toBe(1);
    expect(sent).toEqual([
      'fetch snapshot-ab12.bin',
      'fetch https://films.example/matinee/sw.js',
      'fetch blob:https://films.example/1b2c',
      'script /matinee/sw-guard.js',
      'xhr ./x',
      'WebSocket wss://films.example/live',
      `Worker ${HERE}`,
      'cache ./a.js',
      'cache ./b.js',
    ]);
  });

  it('cannot be undone, nor gone around through a prototype or a constructor property', async () => {
    const { scope, sent, prototype } = workerGlobal();
    const foreign = 'https://tracker.example/';
    guardNetwork(scope);
    expect(() => Object.assign(scope, { fetch: () => 'unguarded' })).toThrow(TypeError);
    expect(() => Object.defineProperty(prototype, 'fetch', { value: () => 'unguarded' })).toThrow(TypeError);
    await expect(prototype.fetch.call(scope, foreign)).rejects.toThrow(TypeError);
    const Original = (scope.WebSocket.prototype as unknown as { constructor: new (url: string) => object }).constructor;
    expect(() => new Original(foreign)).toThrow(TypeError);
    expect(() => new (Object.getPrototypeOf(scope.WebSocket) as new (url: string) => object)(foreign)).toThrow();
    expect(sent).toEqual([]);
  });
});
