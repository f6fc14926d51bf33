/**
 * The app's Content-Security-Policy, written once: the page's <meta> tag, the header of `npm run serve` and
 * `vite preview`, the `_headers` file for hosts that read one, and the header the service worker adds to the page
 * and worker scripts it serves (src/pipeline/csp-plugin.ts, src/cli/serve.ts, service-worker-guard.ts). Code,
 * data, styles and workers come only from this origin; no inline script, no CDN, no analytics.
 */
const DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "style-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
];

export const CONTENT_SECURITY_POLICY = DIRECTIVES.join('; ');
