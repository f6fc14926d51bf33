import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import {
  openApp,
  rateOnboardingCandidate,
  rateTopRecommendation,
  sameItems,
  settledRecommendations,
  shownRating,
} from '../../src/cli/browser/app-driver.ts';
import { launchChromium, newRecordedContext, requestsOutside, reportProblemsOnFailure } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

test('ratings live in IndexedDB: they survive a reload, reach a second tab live, and move the recommendations', async () => {
  const url = inject('rootUrl');
  const { context, requests, problems } = await newRecordedContext(browser);
  reportProblemsOnFailure(problems);
  try {
    const tab = await context.newPage();
    await openApp(tab, url);
    const first = await rateOnboardingCandidate(tab, 0, 4);
    await settledRecommendations(tab);
    const { rated: second, before, after } = await rateTopRecommendation(tab, 5);
    expect(sameItems(after, before)).toBe(false);

    await tab.reload();
    expect(await shownRating(tab, first)).toBe(4);
    expect(await shownRating(tab, second)).toBe(5);

    // A second tab reads the same store and, when it rates, the first tab follows without a reload.
    const other = await context.newPage();
    await openApp(other, url);
    expect(await shownRating(other, second)).toBe(5);
    await other.getByRole('link', { name: 'For you', exact: true }).click();
    const { rated: third } = await rateTopRecommendation(other, 3);
    await expect.poll(() => shownRating(tab, third), { timeout: 10_000 }).toBe(3);

    expect(requestsOutside(requests, url)).toEqual([]);
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
});

test('at 320 px wide no view scrolls sideways', async () => {
  const url = inject('rootUrl');
  const { context, problems } = await newRecordedContext(browser, {
    viewport: { width: 320, height: 640 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  reportProblemsOnFailure(problems);
  try {
    const page = await context.newPage();
    const overflow = async (view: string) => {
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      const widths = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      return { view, ...widths, scrolls: widths.scroll > widths.client };
    };
    const results = [];

    await openApp(page, url);
    await page.getByRole('list', { name: 'Movies to rate' }).getByRole('listitem').first().waitFor();
    results.push(await overflow('onboarding'));
    const rated = await rateOnboardingCandidate(page, 0, 4);
    await settledRecommendations(page);
    results.push(await overflow('for you'));

    await page.getByRole('searchbox', { name: 'Search movies' }).fill('star wars');
    await page.getByRole('list', { name: 'Search results' }).getByRole('listitem').first().waitFor();
    results.push(await overflow('search'));

    await shownRating(page, rated);
    results.push(await overflow('item'));

    for (const [name, heading] of [
      ['Your data', 'Your data'],
      ['Settings', 'Settings'],
    ] as const) {
      await page.getByRole('link', { name, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      results.push(await overflow(name));
    }

    expect(results.filter((result) => result.scrolls)).toEqual([]);
    expect(results.every((result) => result.client === 320)).toBe(true);
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
});

test('without service workers (blocked, as in some private modes) the app still works online', async () => {
  const url = inject('rootUrl');
  const { context, problems } = await newRecordedContext(browser, { serviceWorkers: 'block' });
  reportProblemsOnFailure(problems);
  try {
    const page = await context.newPage();
    await openApp(page, url);
    const rated = await rateOnboardingCandidate(page, 0, 4);
    await settledRecommendations(page);
    expect(await page.evaluate(() => navigator.serviceWorker?.controller ?? null)).toBeNull();
    expect(await shownRating(page, rated)).toBe(4);
    // Playwright announces its own blocking; anything else is the app's.
    expect(problems.filter((problem) => !problem.includes('blocked by Playwright'))).toEqual([]);
  } finally {
    await context.close();
  }
});
