import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import {
  openApp,
  rateOnboardingCandidate,
  settledRecommendations,
  shownRating,
} from '../../src/cli/browser/app-driver.ts';
import { axeViolations, type Violation } from './axe.ts';
import { launchChromium, newRecordedContext, reportProblemsOnFailure } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

test('every view of the built app passes axe-core WCAG 2.1 AA checks in light and dark mode', async () => {
  const { context, problems } = await newRecordedContext(browser);
  reportProblemsOnFailure(problems);
  try {
    const page = await context.newPage();
    const violations: Violation[] = [];
    await openApp(page, inject('rootUrl'));
    await page.getByRole('list', { name: 'Movies to rate' }).getByRole('listitem').first().waitFor();
    violations.push(...(await axeViolations(page, 'onboarding')));

    const rated = await rateOnboardingCandidate(page, 0, 4);
    await settledRecommendations(page);
    violations.push(...(await axeViolations(page, 'for you')));

    await page.getByRole('searchbox', { name: 'Search movies' }).fill('toy story');
    await page.getByRole('list', { name: 'Search results' }).getByRole('listitem').first().waitFor();
    violations.push(...(await axeViolations(page, 'search')));

    await shownRating(page, rated);
    violations.push(...(await axeViolations(page, 'item')));

    // Browse by genre, from the item page's first genre link.
    const genre = page.getByRole('list', { name: 'Genres' }).getByRole('link').first();
    const genreName = (await genre.innerText()).trim();
    await genre.click();
    await page.getByRole('heading', { level: 1, name: `${genreName} movies` }).waitFor();
    await page
      .getByRole('list', { name: `${genreName} movies` })
      .getByRole('listitem')
      .first()
      .waitFor();
    violations.push(...(await axeViolations(page, 'browse')));

    for (const name of ['Your data', 'Settings']) {
      await page.getByRole('link', { name, exact: true }).click();
      await page.getByRole('heading', { level: 1, name }).waitFor();
      violations.push(...(await axeViolations(page, name)));
    }

    expect(violations).toEqual([]);
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
});
