/**
 * The browser's offer to install the app (Chromium's `beforeinstallprompt`), kept for the in-app Install button:
 * listened for from the page's first moments, since the browser fires it once, whenever it decides.
 */
import { readable, type Readable } from 'svelte/store';

/** Chromium's event; not in TypeScript's DOM types. */
interface InstallPromptEvent extends Event {
  prompt(): Promise<unknown>;
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

let offer: InstallPromptEvent | null = null;
let setOffered: (offered: boolean) => void = () => {};

/** True while the browser offers to install the app and the user has not answered. */
export const installOffered: Readable<boolean> = readable(offer !== null, (set) => {
  setOffered = set;
  set(offer !== null);
});

export function listenForInstallOffer(): void {
  window.addEventListener('beforeinstallprompt', (event) => {
    // Our button asks instead of the browser's own mini-infobar.
    event.preventDefault();
    offer = event as InstallPromptEvent;
    setOffered(true);
  });
  window.addEventListener('appinstalled', () => {
    offer = null;
    setOffered(false);
  });
}

/** Shows the browser's install sheet; the offer is used up either way. */
export async function install(): Promise<void> {
  const asked = offer;
  if (!asked) return;
  offer = null;
  setOffered(false);
  await asked.prompt();
  await asked.userChoice;
}
