import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, inject, test } from 'vitest';
import { phoneJourney, searchFromScrolledPageOpensAtTop, type DatasetCase } from './app-flow.ts';
import { launchChromium } from './browser.ts';
import { catalogueJourney } from './catalog-flow.ts';

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
    step: 0.5,
    toRate: [
      { query: 'heat', title: 'Heat (1995)', value: 4.5 },
      { query: 'toy story', title: 'Toy Story (1995)', value: 5 },
      { query: 'matrix', title: 'The Matrix (1999)', value: 4 },
      { query: 'godfather', title: 'The Godfather (1972)', value: 1 },
      { query: 'titanic', title: 'Titanic (1997)', value: 0.5 },
    ],
    plainQuery: { query: 'leon', title: 'Léon: The Professional (1994)' },
    predicted: /Predicted ★\d(\.\d)?/,
  };
  await phoneJourney(browser, dataset, async (page, report) => {
    await catalogueJourney(page, dataset, report);
    await searchFromScrolledPageOpensAtTop(page, dataset, 'star');
  });
});
