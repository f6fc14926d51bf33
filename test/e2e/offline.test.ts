import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { startStaticServer, type StaticServer } from '../../src/cli/serve.ts';
import {
  openApp,
  rateOnboardingCandidate,
  rateTopRecommendation,
  sameItems,
  settledRecommendations,
  shownRating,
  waitForServiceWorkerControl,
} from '../../src/cli/browser/app-driver.ts';
import { launchChromium, newRecordedContext, requestsOutside, reportProblemsOnFailure } from './browser.ts';

const SNAPSHOT_FILE = /snapshot-[0-9a-f]+\.bin$/;

let browser: Browser;
// Own servers, to count what crossed the network; nothing is HTTP-cacheable on them, so a second download of the
// snapshot (the service worker's precache next to the worker's fetch) shows however small the file is.
const servers = new Map<string, StaticServer>();
beforeAll(async () => {
  browser = await launchChromium();
  for (const basePath of ['/', '/matinee/']) {
    servers.set(basePath, await startStaticServer({ root: inject('distDir'), basePath, cacheAssets: false }));
  }
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([...servers.values()].map((server) => server.close()));
});

describe.each([
  ['at the root of an origin', '/'],
  ['under the /matinee/ sub-path', '/matinee/'],
])('served %s', (_where, basePath) => {
  test('after one online visit the app works offline, and no request ever leaves the origin', async () => {
    const server = servers.get(basePath)!;
    const url = server.url;
    const { context, requests, problems } = await newRecordedContext(browser);
    reportProblemsOnFailure(problems);
    try {
      const page = await context.newPage();
      await openApp(page, url);
      await waitForServiceWorkerControl(page);
      const first = await rateOnboardingCandidate(page, 0, 4);
      await settledRecommendations(page);
      // One download of the snapshot serves both the worker and the service worker's precache.
      expect(server.transfers.filter((transfer) => SNAPSHOT_FILE.test(transfer.path))).toHaveLength(1);

      await context.setOffline(true);
      const requestsBeforeOffline = requests.length;
      // The network really is gone: a file outside the precache cannot be fetched.
      const probe = await page.evaluate(
        (probeUrl) =>
          fetch(probeUrl).then(
            () => 'reached',
            () => 'failed',
          ),
        url + 'icon.svg?offline-probe',
      );
      expect(probe).toBe('failed');

      const reload = await page.reload();
      // Served by the service worker from its precache: the network is switched off.
      expect(reload?.fromServiceWorker()).toBe(true);
      await page.getByRole('link', { name: 'For you', exact: true }).waitFor();
      expect(requests.length).toBeGreaterThan(requestsBeforeOffline);
      expect(await shownRating(page, first)).toBe(4);

      // The worker loads the dataset and model offline, and a new rating still moves the recommendations.
      await page.getByRole('link', { name: 'For you', exact: true }).click();
      const { rated, before, after } = await rateTopRecommendation(page, 5);
      expect(sameItems(after, before)).toBe(false);
      expect(await shownRating(page, rated)).toBe(5);

      // The recording sees the worker's and the service worker's traffic too, not only the page's.
      expect(requests.some((request) => SNAPSHOT_FILE.test(request.url))).toBe(true);
      expect(requests.some((request) => request.fromServiceWorker)).toBe(true);
      expect(requestsOutside(requests, url)).toEqual([]);
      expect(problems.filter((problem) => !problem.includes('offline-probe'))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
