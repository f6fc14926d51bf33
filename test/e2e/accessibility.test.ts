import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { openApp, rateOnboardingCandidate, settledRecommendations, shownRating } from './app-driver.ts';
import { launchChromium, newRecordedContext } from './browser.ts';

let browser: Browser;
let axeSource: string;
beforeAll(async () => {
  axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

interface Violation {
  view: string;
  scheme: string;
  rule: string;
  targets: string[];
}

/** Runs axe-core (WCAG 2.1 A/AA) on the page as it stands; evaluated over CDP, so the app's CSP still holds. */
async function axeViolations(page: Page, view: string): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const results: Violation[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const found = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
      const run = await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
      return run.violations.map((v) => ({ rule: v.id, targets: v.nodes.map((n) => n.target.join(' ')) }));
    });
    results.push(...found.map((v) => ({ view, scheme, ...v })));
  }
  return results;
}

test('every view of the built app passes axe-core WCAG 2.1 AA checks in light and dark mode', async () => {
  const { context, problems } = await newRecordedContext(browser);
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
