import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from '../worker/content-security-policy.ts';

/** The service worker's guard, as Workbox's generated sw.js imports it (pwa-config.ts importScripts). */
export const SW_GUARD_FILE = 'sw-guard.js';

/**
 * Puts the Content-Security-Policy (src/worker/content-security-policy.ts) everywhere it can hold: a <meta> tag in
 * index.html (the page, on any host), a `_headers` file for hosts that read one (Netlify, Cloudflare Pages), the
 * header of `vite preview`, and the service worker's guard, built from src/worker/service-worker-guard.ts. While
 * `npm run dev` serves, the meta tag allows inline styles: the dev server injects component CSS as <style>
 * elements for hot updates. README.md, "Hosting", says what holds where.
 */
export function cspPlugin(): Plugin {
  let serving = false;
  return {
    name: 'matinee-csp',
    config: () => ({ preview: { headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY } } }),
    configResolved(config) {
      serving = config.command === 'serve';
    },
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: {
          'http-equiv': 'Content-Security-Policy',
          content: serving
            ? CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
            : CONTENT_SECURITY_POLICY,
        },
        // Before anything the policy governs.
        injectTo: 'head-prepend',
      },
    ],
    buildStart() {
      if (serving) return;
      this.emitFile({ type: 'chunk', id: 'src/worker/service-worker-guard.ts', fileName: SW_GUARD_FILE });
    },
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: '_headers',
        source: `/*\n  Content-Security-Policy: ${CONTENT_SECURITY_POLICY}\n`,
      });
    },
  };
}
