import { mount } from 'svelte';
import UpdatePrompt from './UpdatePrompt.svelte';
import { listenForInstallOffer } from './install.ts';
import { registerServiceWorker } from './service-worker.ts';

/** Which build this page runs: lets a user (and the update test) tell versions apart. Set with VITE_BUILD_ID. */
const BUILD_ID: string = import.meta.env.VITE_BUILD_ID ?? 'local';

/**
 * Makes the page an offline-capable PWA: registers the service worker (production builds only: the dev server
 * has no precache manifest; on a first visit once `snapshotKept` resolves) and shows the update prompt in its own
 * container, outside the app's layout.
 */
export function startPwa(snapshotKept: Promise<void>): void {
  document.documentElement.dataset.build = BUILD_ID;
  listenForInstallOffer();
  if (!import.meta.env.PROD) return;
  registerServiceWorker(snapshotKept);
  const host = document.createElement('div');
  host.id = 'update-prompt';
  document.body.append(host);
  mount(UpdatePrompt, { target: host });
}
