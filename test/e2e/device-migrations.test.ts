import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { DB_VERSION, MIGRATIONS } from '../../src/store/schema.ts';
import { launchChromium, newRecordedContext } from './browser.ts';
import { createDatabase, databaseShape, dumpDatabase, dumpStores, type OldDatabase } from './device-helpers.ts';

// A browser holding the database an older Matinee wrote, at each older schema version, then opening today's app.
// The databases are written with the raw IndexedDB API exactly as src/store/schema.ts says each version looked
// (v1: ratings keyed by item + out-of-line settings; v2: + watchlist and hidden keyed by item), so the app's own
// migration code is what upgrades them.

const RATINGS = [
  { item: 1, value: 0.5, time: 0 },
  { item: 2571, value: 5, time: 1_234_567_890_123 },
  { item: 193609, value: 3.5, time: 1_700_000_000_000 },
];
const SETTINGS: [string, unknown][] = [
  ['onboarding', { done: true, genres: ['Drama', 'Sci-Fi'] }],
  ['recommendationPrefs', { algorithm: 'blend', diversity: 0.6, popularity: -0.5, genre: '', decade: 1990 }],
];
const WATCHLIST = [{ item: 296, added: 1_600_000_000_000 }];
const HIDDEN = [{ item: 7, added: 1_600_000_000_001 }];

const OLD_VERSIONS: OldDatabase[] = [
  {
    version: 1,
    stores: { ratings: 'item', settings: null },
    records: [
      ...RATINGS.map((r) => ['ratings', r] as [string, unknown]),
      ...SETTINGS.map(([key, value]) => ['settings', value, key] as [string, unknown, string]),
    ],
  },
  {
    version: 2,
    stores: { ratings: 'item', settings: null, watchlist: 'item', hidden: 'item' },
    records: [
      ...RATINGS.map((r) => ['ratings', r] as [string, unknown]),
      ...SETTINGS.map(([key, value]) => ['settings', value, key] as [string, unknown, string]),
      ...WATCHLIST.map((e) => ['watchlist', e] as [string, unknown]),
      ...HIDDEN.map((e) => ['hidden', e] as [string, unknown]),
    ],
  },
];

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** The stars a "Your ratings" row shows for an item still named by its id (titles arrive with the dataset). */
async function shownStars(page: Page, item: number): Promise<string | null> {
  const group = page.getByRole('radiogroup', { name: `Rate Item #${item}`, exact: true });
  await group.waitFor();
  return group.getByRole('radio', { checked: true }).getAttribute('aria-label');
}

test('the migrations cover every older version tested here', () => {
  // A new migration means a new older version to test: add it to OLD_VERSIONS.
  expect(OLD_VERSIONS.map((v) => v.version)).toEqual(Array.from({ length: MIGRATIONS.length - 1 }, (_, i) => i + 1));
});

test.each(OLD_VERSIONS)('a version $version database keeps every rating when the app opens it', async (old) => {
  const url = inject('rootUrl');
  const { context, problems } = await newRecordedContext(browser);
  try {
    // The dataset download is held: this test is about the store, so the worker never spends time fitting a model
    // and the rows keep their "Item #id" names, which do not depend on the dataset.
    await context.route(/\/snapshot-[^/]*\.bin$/, () => {});
    const page = await context.newPage();
    // Any same-origin document shares the app's IndexedDB; the icon is one that runs no app code.
    await page.goto(url + 'icon.svg');
    await createDatabase(page, old);
    expect(await databaseShape(page)).toEqual({ version: old.version, stores: Object.keys(old.stores).sort() });
    const before = await dumpStores(page, Object.keys(old.stores));

    await page.goto(url + '#/you');
    const ratings = page.getByRole('region', { name: 'Your ratings' });
    await expect.poll(() => ratings.getByRole('listitem').count()).toBe(RATINGS.length);
    for (const r of RATINGS) expect(await shownStars(page, r.item)).toBe(`${r.value} stars`);

    expect(await databaseShape(page)).toEqual({
      version: DB_VERSION,
      stores: ['hidden', 'modelCache', 'ratings', 'settings', 'watchlist'],
    });
    const after = await dumpDatabase(page);
    expect(after.user).toEqual({ watchlist: [], hidden: [], ...before });
    expect(after.user.ratings).toEqual(RATINGS);
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
});
