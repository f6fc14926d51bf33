/**
 * Loaded by the service worker (Workbox's generated sw.js) before anything else it runs: the built copy is
 * sw-guard.js (src/pipeline/csp-plugin.ts). Two things, for hosts that send no Content-Security-Policy header:
 * - the service worker itself refuses to reach another origin (network-guard.ts);
 * - the page and the worker scripts it serves get the policy as a header, as a host that sends one would give it:
 *   from the second visit on (the first is served by the network, before this worker controls the page) the
 *   recommender worker is then held to it by the browser, dynamic import() included, which no script can wrap.
 */
import { CONTENT_SECURITY_POLICY } from './content-security-policy.ts';
import { guardNetwork } from './network-guard.ts';

declare const self: ServiceWorkerGlobalScope;

guardNetwork(self);

/** Requests whose response decides a policy: a page's, and a worker's script's. */
const POLICY_DESTINATIONS: ReadonlySet<RequestDestination> = new Set(['document', 'worker', 'sharedworker']);

/** The response with the policy header, unless it already has one (the host sent it) or is not this origin's. */
function withPolicy(response: Response): Response {
  if (response.type !== 'basic' && response.type !== 'default') return response;
  if (response.headers.has('Content-Security-Policy')) return response;
  const headers = new Headers(response.headers);
  headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

// Workbox answers every precached request through respondWith; wrapping it here reaches all of them, whichever
// route answers, without reaching into Workbox.
const respondWith = FetchEvent.prototype.respondWith;
Object.defineProperty(FetchEvent.prototype, 'respondWith', {
  value(this: FetchEvent, response: Response | PromiseLike<Response>) {
    if (!POLICY_DESTINATIONS.has(this.request.destination)) return respondWith.call(this, response);
    return respondWith.call(this, Promise.resolve(response).then(withPolicy));
  },
  writable: false,
  configurable: false,
});
