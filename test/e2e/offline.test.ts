import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchChromium, newRecordedContext, requestsOutside, waitForServiceWorkerControl } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe.each([
  ['at the root of an origin', () => inject('rootUrl')],
  ['under the /matinee/ sub-path', () => inject('subPathUrl')],
])('served %s', (_where, appUrl) => {
  test('after one online visit the app loads offline, and no request ever leaves the origin', async () => {
    const url = appUrl();
    const { context, requests, problems } = await newRecordedContext(browser);
    try {
      const page = await context.newPage();
      await page.goto(url);
      await waitForServiceWorkerControl(page);
      await expect.poll(() => page.locator('h1').textContent()).toContain('Matinee');

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
      await expect.poll(() => page.locator('h1').textContent()).toContain('Matinee');
      expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
      expect(requests.length).toBeGreaterThan(requestsBeforeOffline);

      expect(requestsOutside(requests, url)).toEqual([]);
      expect(problems.filter((problem) => !problem.includes('offline-probe'))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
