/**
 * Puts the snapshot the worker downloaded and checked into the service worker's precache, under the key the precache
 * looks up. The page registers the service worker only after a start succeeded (src/ui/pwa/service-worker.ts), and
 * Workbox's precache install skips an entry it already holds: the snapshot crosses the network once, not twice
 * (the HTTP cache cannot be relied on to share one download: a private window's cache refuses large files).
 * A copy found damaged is dropped: the precache then fetches from the network again (Workbox falls back to it).
 * The precache's own activate step still drops the entry once a new build no longer lists it.
 */

/**
 * Workbox's precache cache name: `workbox-precache-v2-` + the registration's scope. The service worker is
 * registered with the scope of the page's folder, and the build emits the snapshot into assets/ right under it.
 */
async function precache(url: string): Promise<{ cache: Cache; key: string }> {
  const key = new URL(url, self.location.href).href;
  return { cache: await caches.open(`workbox-precache-v2-${new URL('../', key).href}`), key };
}

/** Stores checked bytes for offline use; a refusal (quota, private mode, no Cache Storage) only costs a download. */
export async function keepInPrecache(url: string, bytes: Uint8Array<ArrayBuffer>): Promise<void> {
  try {
    const { cache, key } = await precache(url);
    await cache.put(key, new Response(bytes, { headers: { 'Content-Type': 'application/octet-stream' } }));
  } catch {
    // Kept or not, the app runs; offline use then waits for the service worker's own download.
  }
}

/** Drops a stored copy, so that the next fetch of `url` reaches the network even through the service worker. */
export async function dropFromPrecache(url: string): Promise<void> {
  try {
    const { cache, key } = await precache(url);
    await cache.delete(key);
  } catch {
    // No Cache Storage: nothing was kept either.
  }
}
