import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';

// What the fault tests watch on every page of a context, from its very start and with no hook in the app: each
// recommender worker the page creates (a handle to kill it by, as the browser would, and when it was created), and
// every text a status region shows, however briefly (a replacement that starts from the model cache can say
// "restarting" for less time than a locator polls).

declare global {
  interface Window {
    __recommenders: { worker: Worker; createdAt: number }[];
    __statuses: string[];
  }
}

export async function recordWorkersAndStatuses(context: BrowserContext): Promise<void> {
  // Test files are compiled with keepNames, so functions passed to the browser may call esbuild's __name helper.
  await context.addInitScript('globalThis.__name ??= (fn) => fn;');
  await context.addInitScript(() => {
    window.__recommenders = [];
    window.__statuses = [];
    const shown = new WeakMap<Element, string | undefined>();
    new MutationObserver(() => {
      for (const region of document.querySelectorAll('[role="status"]')) {
        const text = region.textContent?.trim();
        if (text && shown.get(region) !== text) window.__statuses.push(text);
        shown.set(region, text);
      }
    }).observe(document, { subtree: true, childList: true, characterData: true });
    const NativeWorker = window.Worker;
    window.Worker = class extends NativeWorker {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        if (options?.name === 'recommender') window.__recommenders.push({ worker: this, createdAt: performance.now() });
      }
    };
  });
}

/** How many status texts were shown so far. */
export const statusesSoFar = (page: Page) => page.evaluate(() => window.__statuses.length);

/** Since the `since`-th status text: the status line said the recommender stopped, then a toast that it runs again. */
export async function restartSeen(page: Page, since: number): Promise<void> {
  const shown = () => page.evaluate((from) => window.__statuses.slice(from), since);
  const again = (texts: string[]) => texts.findIndex((text) => text.includes('The recommender is running again.'));
  await expect.poll(async () => again(await shown()), { timeout: 30_000 }).toBeGreaterThanOrEqual(0);
  const texts = await shown();
  const stopped = texts.findIndex((text) => text.includes('The recommender stopped; restarting…'));
  expect(stopped, `statuses shown: ${JSON.stringify(texts)}`).toBeGreaterThanOrEqual(0);
  expect(again(texts)).toBeGreaterThan(stopped);
}
