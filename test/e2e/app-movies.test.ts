import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, inject, test } from 'vitest';
import { expect } from 'vitest';
import { phoneJourney, searchFromScrolledPageOpensAtTop, type DatasetCase } from './app-flow.ts';
import { openApp, settledRecommendations } from '../../src/cli/browser/app-driver.ts';
import { launchChromium, newRecordedContext, reportProblemsOnFailure } from './browser.ts';
import { catalogueJourney } from './catalogue-flow.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

test('a new user on a phone rates five movies found by search, gets recommendations they can steer and explores the catalogue (MovieLens)', async () => {
  const url = inject('rootUrl');
  const dataset: DatasetCase = {
    url,
    noun: 'movie',
    scaleMax: 5,
    scaleMin: 0.5,
    step: 0.5,
    toRate: [
      { query: 'heat', title: 'Heat (1995)', value: 4.5 },
      { query: 'toy story', title: 'Toy Story (1995)', value: 5 },
      { query: 'matrix', title: 'The Matrix (1999)', value: 4 },
      { query: 'godfather', title: 'The Godfather (1972)', value: 1 },
      { query: 'titanic', title: 'Titanic (1997)', value: 0.5 },
    ],
    plainQuery: { query: 'leon', title: 'Léon: The Professional (1994)' },
    predicted: /Predicted ★(\d(?:\.\d)?)/,
  };
  await phoneJourney(browser, dataset, async (page, report) => {
    await catalogueJourney(page, dataset, report);
    await searchFromScrolledPageOpensAtTop(page, dataset, 'star');
  });
});

test('a new user rates five films from the first screen of the picker, which then folds away and stays one tap away', async () => {
  const { context, problems } = await newRecordedContext(browser, {
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  reportProblemsOnFailure(problems);
  try {
    const page = await context.newPage();
    await openApp(page, inject('rootUrl'));
    const picker = page.getByRole('list', { name: 'Movies to rate', exact: true }).getByRole('listitem');
    await picker.first().waitFor({ timeout: 90_000 });
    // Five of the first eight films offered, each with a different rating; the list grows above the picker.
    const stars = ['4 stars', '3 stars', '5 stars', '2 stars', '4.5 stars'];
    const ratedTitles = (await picker.getByRole('heading').allInnerTexts()).slice(0, stars.length);
    for (const [k, name] of stars.entries()) {
      const radio = picker.nth(k).getByRole('radio', { name, exact: true });
      if (k < stars.length - 1) {
        await radio.check();
        await settledRecommendations(page);
        expect(await page.getByRole('heading', { name: 'Your first recommendations' }).count()).toBe(1);
      } else await radio.click();
    }
    // The fifth rating folds the picker away: the whole list, the sort, and "Rate more movies" to open it again.
    await picker.first().waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: 'Recommended movies', exact: true }).waitFor();
    expect((await settledRecommendations(page)).length).toBeGreaterThanOrEqual(10);
    expect(await page.getByRole('combobox', { name: 'Sort', exact: true }).count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Recommended movies');
    const rateMore = page.getByRole('button', { name: 'Rate more movies', exact: true });
    expect(await rateMore.getAttribute('aria-expanded')).toBe('false');
    await rateMore.click();
    // What was rated is not offered again.
    await picker.first().waitFor();
    const offered = await picker.getByRole('heading').allInnerTexts();
    expect(offered.filter((t) => ratedTitles.includes(t))).toEqual([]);
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await picker.first().waitFor({ state: 'detached' });
    // A reload keeps it folded.
    await page.reload();
    await settledRecommendations(page);
    expect(await page.getByRole('list', { name: 'Movies to rate' }).count()).toBe(0);
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
});
