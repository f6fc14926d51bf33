import { Workbox } from 'workbox-window';
import { readable, type Readable } from 'svelte/store';

// How often an open tab asks the server for a new sw.js. Browsers already check on every navigation; this catches
// the tab that stays open for days. One small conditional request per hour is negligible.
const UPDATE_CHECK_INTERVAL_MS = 60 * 60 * 1000;

let workbox: Workbox | undefined;
let registration: ServiceWorkerRegistration | undefined;
let reloading = false;
let setUpdateAvailable: (value: boolean) => void = () => {};

/** True once a new version has been downloaded and waits for the user's consent to take over. */
export const updateAvailable: Readable<boolean> = readable(false, (set) => {
  setUpdateAvailable = set;
});

/**
 * Registers the service worker that precaches the app and the dataset snapshot, so every later visit works offline.
 * New versions install in the background and wait (registerType 'prompt'): swapping code under a running worker
 * could pair an old page with a new snapshot, so the user decides when to reload.
 * On a first visit (no worker controls the page yet) it registers only once `snapshotKept` resolves (a start that
 * succeeded): the recommender worker downloads the snapshot, checks it and puts it into the precache itself
 * (src/worker/offline-copy.ts), and the precache skips what it already holds, so the snapshot crosses the network
 * once instead of twice.
 */
export function registerServiceWorker(snapshotKept: Promise<void>): void {
  if (!('serviceWorker' in navigator) || workbox) return;
  if (navigator.serviceWorker.controller === null) {
    void snapshotKept.then(() => registerNow());
    return;
  }
  registerNow();
}

function registerNow(): void {
  if (workbox) return;
  // Relative to the page, so the same build works at / and under any sub-path.
  workbox = new Workbox(new URL('sw.js', document.baseURI).href, { scope: './' });
  workbox.addEventListener('waiting', () => setUpdateAvailable(true));
  // Another tab accepted the update: this page still runs the old code, whose lazily loaded files the new worker
  // no longer caches, so it asks to be reloaded too. (A first install taking control is no update.)
  const wasControlled = navigator.serviceWorker.controller !== null;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (wasControlled && !reloading) setUpdateAvailable(true);
  });
  workbox.register().then(
    (registered) => (registration = registered),
    // Registration can be refused (private modes, enterprise policy, blocked storage): the app still works online,
    // just not offline, and there is nothing the user could do about an error message.
    () => (registration = undefined),
  );
  const checkForUpdate = () => void workbox?.update().catch(() => {});
  setInterval(checkForUpdate, UPDATE_CHECK_INTERVAL_MS);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') checkForUpdate();
  });
}

/** Lets the waiting version take control, then reloads the page into it. Ratings live in IndexedDB and survive. */
export function applyUpdate(): void {
  reloading = true;
  if (!workbox || !registration?.waiting) {
    // Already active (accepted in another tab): only this page is out of date.
    window.location.reload();
    return;
  }
  workbox.addEventListener('controlling', () => window.location.reload());
  workbox.messageSkipWaiting();
}

/** Hides the prompt for this page view; the new version still takes over on the next launch. */
export function dismissUpdate(): void {
  setUpdateAvailable(false);
}
