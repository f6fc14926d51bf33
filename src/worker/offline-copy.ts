/**
 * Puts the snapshot the worker downloaded on a first visit into the service worker's precache, under the key the
 * precache looks up. The page registers the service worker only after this (src/ui/pwa/service-worker.ts), and
 * Workbox's precache install skips an entry it already holds: the snapshot crosses the network once, not twice
 * (the HTTP cache cannot be relied on to share one download: a private window's cache refuses large files).
 * The precache's own activate step still drops the entry once a new build no longer lists it.
 */

/**
 * Workbox's precache cache name: `workbox-precache-v2-` + the registration's scope. The service worker is
 * registered with the scope of the page's folder, and the build emits the snapshot into assets/ right under it.
 */
function precacheName(snapshotKey: string): string {
  return `workbox-precache-v2-${new URL('../', snapshotKey).href}`;
}

/**
 * Whether the precache already holds the snapshot (then the worker's download came from there, or will): false
 * when it does not, or when Cache Storage is unavailable (then the service worker downloads it itself).
 */
export async function precacheHolds(url: string): Promise<boolean> {
  const key = new URL(url, self.location.href).href;
  try {
    return (await (await caches.open(precacheName(key))).match(key)) !== undefined;
  } catch {
    return false;
  }
}

/** Stores `response` (consuming its body) for offline use; a refusal (quota, private mode) only costs a download. */
export async function keepInPrecache(url: string, response: Response): Promise<void> {
  const key = new URL(url, self.location.href).href;
  try {
    await (await caches.open(precacheName(key))).put(key, response);
  } catch {
    await response.body?.cancel().catch(() => undefined);
  }
}
