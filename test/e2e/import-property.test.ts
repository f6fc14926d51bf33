import fc from 'fast-check';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { ALGORITHMS, plausibleTime, SORTS } from '../unit/engine/user-data/arbitraries.ts';
import { openApp } from '../../src/cli/browser/app-driver.ts';
import { launchChromium, newRecordedContext, reportProblemsOnFailure, type RecordedContext } from './browser.ts';
import { chooseFile } from './device-helpers.ts';

// Random JSON shapes through the Settings import of the real app, each followed by a visit to every view on what
// it left: the import is refused naming a JSON path, or applied, and then no view hangs or shows an error. The
// unit property tests (test/unit/engine/user-data/) try hundreds of shapes against the importer and the store; this tries
// a few against everything the user sees, so a value that passes the import but breaks a view is found.

const RUNS = 20;

/** Items of ml-latest-small: popular ones, and one nobody rated. */
const ITEMS = [1, 260, 296, 318, 2571, 1076];
/** Genres of the dataset, and ones it does not have. */
const GENRES = ['Drama', 'Comedy', 'Sci-Fi', 'Film-Noir', 'Western', 'No such genre', ''];

const junk = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(null, 7, -1, 4.25, 1e300, 'evil', '', '4', [], {}, [7], 999_999),
);
/** Mostly a value the field may hold, sometimes junk: about half the documents pass as a whole. */
const maybe = <T>(good: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 24, arbitrary: good as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: junk });
const item = maybe(fc.constantFrom(...ITEMS));
const listEntries = maybe(fc.array(fc.record({ item, added: maybe(plausibleTime) }), { maxLength: 3 }));

const exportFile = fc.record(
  {
    format: fc.constant('matinee-export'),
    version: fc.constant(1),
    ratings: maybe(
      fc.array(
        fc.record({
          item,
          value: maybe(fc.integer({ min: 1, max: 10 }).map((v) => v / 2)),
          time: maybe(plausibleTime),
        }),
        { maxLength: 6 },
      ),
    ),
    watchlist: listEntries,
    hidden: listEntries,
    settings: maybe(
      fc.record(
        {
          onboarding: maybe(
            fc.record({
              done: maybe(fc.boolean()),
              genres: maybe(fc.array(fc.constantFrom(...GENRES), { maxLength: 3 })),
            }),
          ),
          recommendationPrefs: maybe(
            fc.record({
              algorithm: maybe(fc.constantFrom(...ALGORITHMS)),
              sort: maybe(fc.constantFrom(...SORTS)),
              diversity: maybe(fc.integer({ min: 0, max: 10 }).map((n) => n / 10)),
              popularity: maybe(fc.integer({ min: -10, max: 10 }).map((n) => n / 10)),
              genre: maybe(fc.constantFrom(...GENRES)),
              decade: maybe(fc.constantFrom(0, 1900, 1950, 1990, 2020)),
            }),
          ),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: ['format', 'version'] },
);

let browser: Browser;
let device: RecordedContext;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  device = await newRecordedContext(browser);
  page = await device.context.newPage();
  await openApp(page, inject('rootUrl'));
});

afterAll(async () => {
  await device?.context.close();
  await browser?.close();
});

const go = (hash: string) => page.evaluate((h) => (location.hash = h), hash);

/** Imports a file through the Settings view, replacing what is there; says whether it was applied. */
async function importFile(name: string, text: string): Promise<'applied' | string> {
  await go('#/settings');
  await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
  await page.getByRole('checkbox', { name: /Replace all my current data/ }).check();
  await chooseFile(page, 'Import data (JSON or CSV)', name, text);
  const applied = page.getByRole('status').filter({ hasText: `Imported ${name}` });
  const refused = page.getByRole('alert').filter({ hasText: `Nothing was imported from ${name}` });
  await applied.or(refused).waitFor({ timeout: 30_000 });
  return (await applied.count()) > 0 ? 'applied' : refused.innerText();
}

/** What the home view shows once it has settled, or 'waiting' while it has not. */
function homeState(): Promise<string> {
  return page.evaluate(() => {
    const list = document.querySelector('[aria-label="Recommended for you"]');
    const toRate = document.querySelector('[aria-label="Movies to rate"]');
    const text = document.querySelector('main')?.textContent ?? '';
    if (
      list &&
      (list.getAttribute('aria-busy') === 'true' || (list.children.length === 0 && !/No movies match/.test(text)))
    )
      return 'waiting';
    if (toRate && toRate.children.length === 0) return 'waiting';
    if (!list && !toRate && !/Movies you rate appear here/.test(text)) return 'waiting';
    return `list ${list?.children.length ?? '-'}, to rate ${toRate?.children.length ?? '-'}`;
  });
}

const alerts = () => page.locator('main [role="alert"]').allInnerTexts();

/** Every view on the current data: each settles without an error. */
async function everyViewWorks(): Promise<void> {
  await go('#/');
  await page.getByRole('heading', { level: 1, name: 'For you' }).waitFor();
  await expect.poll(homeState, { timeout: 30_000 }).not.toBe('waiting');
  expect(await alerts(), 'For you').toEqual([]);

  await page.getByRole('searchbox', { name: 'Search movies', exact: true }).fill('heat');
  await page.getByRole('list', { name: 'Search results' }).getByRole('heading', { name: 'Heat (1995)' }).waitFor();
  expect(await alerts(), 'search').toEqual([]);

  for (const id of [318, 1076]) {
    await go(`#/item/${id}`);
    await page.getByRole('heading', { level: 2, name: 'Your rating' }).waitFor();
    expect(await alerts(), `item ${id}`).toEqual([]);
  }

  await go('#/you');
  await page.getByRole('region', { name: 'Your ratings', exact: true }).waitFor();
  await expect.poll(() => page.getByText('Loading titles…').count()).toBe(0);
  expect(await alerts(), 'Your data').toEqual([]);
}

test(`${RUNS} random export files through the Settings import: refused by a JSON path, or every view works after`, async () => {
  reportProblemsOnFailure(device.problems);
  const outcomes: string[] = [];
  let run = 0;
  await fc.assert(
    fc.asyncProperty(exportFile, async (doc) => {
      const name = `random-${++run}.json`;
      const outcome = await importFile(name, JSON.stringify(doc));
      if (outcome !== 'applied') expect(outcome).toMatch(/field "(ratings|watchlist|hidden|settings)\b/);
      outcomes.push(outcome === 'applied' ? 'applied' : 'refused');
      await everyViewWorks();
      expect(device.problems).toEqual([]);
    }),
    // No shrinking: each try costs seconds in the browser, a hang tens of them; the failing file is printed whole.
    { numRuns: RUNS, endOnFailure: true },
  );
  // Both outcomes were tried; the generator is weighted so that each is common.
  expect(new Set(outcomes)).toEqual(new Set(['applied', 'refused']));
});
