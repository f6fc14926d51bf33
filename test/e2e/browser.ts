import type { Browser, BrowserContext, BrowserContextOptions, Page, Request } from 'playwright-core';
import { onTestFailed } from 'vitest';
import { launchChromium } from '../../src/cli/browser/headless-chromium.ts';

export { launchChromium };

export interface RecordedRequest {
  url: string;
  method: string;
  resourceType: string;
  /** True when the service worker, not the page, issued it (e.g. precaching). */
  fromServiceWorker: boolean;
  /** Why it failed (e.g. 'net::ERR_BLOCKED_BY_CSP'), once it has; undefined while pending or after success. */
  failure?: string;
}

/** A browser context that remembers every request and every console problem of every page in it. */
export interface RecordedContext {
  context: BrowserContext;
  requests: RecordedRequest[];
  /** Console errors and warnings, uncaught page errors and CSP violations, with the page URL. */
  problems: string[];
}

/**
 * Opens an isolated context (own storage, own service workers) and records from its very first request.
 * Service-worker requests are reported by Chromium on the context, so precache fetches are seen too.
 */
export async function newRecordedContext(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<RecordedContext> {
  const context = await browser.newContext({ serviceWorkers: 'allow', ...options });
  const requests: RecordedRequest[] = [];
  const problems: string[] = [];
  const recorded = new Map<Request, RecordedRequest>();
  context.on('request', (request) => {
    const entry: RecordedRequest = {
      url: request.url(),
      method: request.method(),
      resourceType: request.resourceType(),
      fromServiceWorker: request.serviceWorker() !== null,
    };
    recorded.set(request, entry);
    requests.push(entry);
  });
  context.on('requestfailed', (request) => {
    const entry = recorded.get(request);
    if (entry) entry.failure = request.failure()?.errorText ?? 'failed';
  });
  context.on('weberror', (error) => problems.push(`uncaught: ${error.error().message}`));
  const watch = (page: Page) => {
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') {
        const source = message.location().url || page.url();
        problems.push(`${message.type()} at ${source}: ${message.text()}`);
      }
    });
  };
  context.on('page', watch);
  // CSP violations also fire a DOM event; count them even if Chromium's console wording changes.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
    });
  });
  return { context, requests, problems };
}

/** Requests that left for anywhere but the given origin+path prefix (data: and blob: URLs never leave the page). */
export function requestsOutside(requests: readonly RecordedRequest[], allowedPrefix: string): RecordedRequest[] {
  return requests.filter(
    (request) =>
      !request.url.startsWith(allowedPrefix) && !request.url.startsWith('data:') && !request.url.startsWith('blob:'),
  );
}

/** When the current test fails, print what the browser complained about: usually the actual cause. */
export function reportProblemsOnFailure(problems: readonly string[]): void {
  onTestFailed(() => {
    if (problems.length > 0) console.error(`Browser console problems:\n${problems.join('\n')}`);
  });
}
