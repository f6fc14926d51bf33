import type { VitePWAOptions } from 'vite-plugin-pwa';
import { SW_GUARD_FILE } from './csp-plugin.ts';

// Build-time options for vite-plugin-pwa (imported by vite.config.ts; never bundled into the app).

const THEME_COLOR = '#8f1d3b';
const BACKGROUND_COLOR = '#1b0f16';

// The precache must hold the dataset snapshot, and a fork's dataset can be many times larger than MovieLens':
// workbox skips (with only a warning) anything over its default limit, which would silently break offline use.
// The limit is raised far enough for a large dataset while still refusing an accidental runaway file.
const MAX_PRECACHED_FILE_BYTES = 32 * 1024 * 1024;

export const pwaOptions: Partial<VitePWAOptions> = {
  // The page registers the worker itself (src/ui/pwa/service-worker.ts) and asks before switching versions.
  injectRegister: false,
  registerType: 'prompt',
  manifest: {
    name: 'Matinee',
    short_name: 'Matinee',
    description:
      'Rate a few films you have seen and get movie recommendations computed on your device: offline, private, no account.',
    lang: 'en',
    // No id: it would resolve against the origin, making two deployments under different sub-paths one app.
    start_url: './',
    scope: './',
    display: 'standalone',
    theme_color: THEME_COLOR,
    background_color: BACKGROUND_COLOR,
    icons: [
      { src: 'pwa-192x192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: 'pwa-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: 'maskable-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
    // With these (and the description) Chromium shows its richer install sheet instead of a bare "Install?".
    // Made by `npx tsx src/cli/make-manifest-screenshots.ts`; committed, like the icons.
    screenshots: [
      {
        src: 'screenshots/phone.png',
        sizes: '390x844',
        type: 'image/png',
        form_factor: 'narrow',
        label: 'Recommendations for you on a phone, each with its predicted stars and why',
      },
      {
        src: 'screenshots/desktop.png',
        sizes: '1280x800',
        type: 'image/png',
        form_factor: 'wide',
        label: 'Recommendations for you on a computer, with filters and the search',
      },
    ],
  },
  workbox: {
    // Everything the app needs offline, the dataset snapshot (*.bin) included, so a first visit makes the app work offline.
    // On a first visit the recommender worker has already checked the snapshot and put it here (offline-copy.ts), so
    // the install skips it; an update downloads the new snapshot here before the new version may take over.
    globPatterns: ['**/*.{js,css,html,svg,png,webmanifest,bin,wasm,txt}'],
    // Only the install sheet shows them, and only online: not worth a first visit's bytes.
    globIgnores: ['screenshots/**'],
    maximumFileSizeToCacheInBytes: MAX_PRECACHED_FILE_BYTES,
    cleanupOutdatedCaches: true,
    // The first visit's page is controlled at once, so it works offline without a reload; updates still wait.
    clientsClaim: true,
    navigateFallback: 'index.html',
    // The first script the service worker runs after Workbox's loader: it refuses other origins, and serves the
    // page and worker scripts with the Content-Security-Policy header (src/worker/service-worker-guard.ts).
    importScripts: [SW_GUARD_FILE],
  },
};
