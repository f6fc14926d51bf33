import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { openApp } from '../../src/cli/browser/app-driver.ts';
import { launchChromium, newRecordedContext, type RecordedContext } from './browser.ts';
import {
  chooseFile as chooseFileOn,
  dumpDatabase,
  modelCacheSaved,
  putRecords,
  recordWorkerWire,
  workerWire,
  type UserDump,
} from './device-helpers.ts';

// Export, import and the Letterboxd / IMDb importers driven through the Settings view as a person would: buttons
// that open a file chooser, downloads, the confirmation dialog. The store is checked with the raw IndexedDB API.
// One device for the file: the worker (which parses the files against the dataset) fits its model once.

let browser: Browser;
let device: RecordedContext;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  device = await newRecordedContext(browser);
  await recordWorkerWire(device.context);
  page = await device.context.newPage();
  await openApp(page, inject('rootUrl'));
  await workerWire(page);
  await modelCacheSaved(page);
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
});

afterAll(async () => {
  await device?.context.close();
  await browser?.close();
});

const EMPTY: UserDump = { ratings: [], watchlist: [], hidden: [], settings: [] };
const day = (iso: string) => Date.parse(iso + 'T00:00:00Z');

/** Data a user could have: ratings (whole seconds, so the CSV keeps them exactly), both lists, settings. */
const SEED: [string, unknown, string?][] = [
  ['ratings', { item: 1, value: 4, time: 1_600_000_000_000 }],
  ['ratings', { item: 318, value: 5, time: 1_600_000_100_000 }],
  ['ratings', { item: 2571, value: 0.5, time: 0 }],
  ['watchlist', { item: 296, added: 1_600_000_200_000 }],
  ['hidden', { item: 7, added: 1_600_000_300_123 }],
  ['settings', { done: true, genres: ['Drama', 'Sci-Fi'] }, 'onboarding'],
  [
    'settings',
    { algorithm: 'blend', sort: 'newest', diversity: 0.6, popularity: -0.5, genre: 'Drama', decade: 1990 },
    'recommendationPrefs',
  ],
];

async function userData(): Promise<UserDump> {
  return (await dumpDatabase(page)).user;
}

const chooseFile = (button: string, name: string, text: string | Buffer) => chooseFileOn(page, button, name, text);

/** Clicks an export button and returns the downloaded file. */
async function download(button: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button, exact: true }).click(),
  ]);
  return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8') };
}

/** "Delete all data", confirmed in its dialog; resolves once the store is empty. */
async function deleteAllData(): Promise<void> {
  await page.getByRole('button', { name: 'Delete all data', exact: true }).click();
  await page
    .getByRole('alertdialog', { name: 'Delete all data?' })
    .getByRole('button', { name: 'Delete everything', exact: true })
    .click();
  await expect.poll(userData).toEqual(EMPTY);
}

async function statusSays(text: string): Promise<void> {
  try {
    await page.getByRole('status').filter({ hasText: text }).first().waitFor({ timeout: 15_000 });
  } catch {
    const shown = (await page.getByRole('status').allInnerTexts()).filter((t) => t.trim() !== '');
    throw new Error(`no status says ${JSON.stringify(text)}; the statuses say ${JSON.stringify(shown)}`);
  }
}

test('an import with one bad line leaves every store exactly as it was, whether merging or replacing', async () => {
  // On top of whatever the device holds (the first visit cached its model: that entry must not change either).
  await putRecords(page, SEED);
  const before = await dumpDatabase(page);
  expect(before.user.ratings.length).toBeGreaterThanOrEqual(3);
  expect(before.modelCache).toHaveLength(1);

  const badCsv = [
    'userId,movieId,rating,timestamp',
    '0,260,4.5,1600000000',
    '0,1196,banana,1600000001',
    '0,1210,4,1600000002',
  ];
  await chooseFile('Import data (JSON or CSV)', 'bad-ratings.csv', badCsv.join('\n') + '\n');
  const alert = page.getByRole('alert').filter({ hasText: 'Nothing was imported from bad-ratings.csv' });
  await expect
    .poll(() => alert.innerText())
    .toMatch(/bad-ratings\.csv:3: field "rating": "banana" is not on the scale/);
  expect(await dumpDatabase(page)).toEqual(before);

  // Replace mode clears before writing: a bad file must not get that far.
  const replace = page.getByRole('checkbox', { name: /Replace all my current data/ });
  await replace.check();
  const badJson = {
    format: 'matinee-export',
    version: 1,
    exportedAt: '2024-01-01T00:00:00.000Z',
    dataset: { name: 'MovieLens' },
    ratings: [
      { item: 260, value: 4, time: 1 },
      { item: 999_999_999, value: 4, time: 2 },
    ],
    watchlist: [],
    hidden: [],
    settings: {},
  };
  await chooseFile('Import data (JSON or CSV)', 'bad-export.json', JSON.stringify(badJson));
  const jsonAlert = page.getByRole('alert').filter({ hasText: 'Nothing was imported from bad-export.json' });
  await expect.poll(() => jsonAlert.innerText()).toMatch(/ratings\[1\]\.item.*999999999 is not in the dataset/);
  expect(await dumpDatabase(page)).toEqual(before);
  await replace.uncheck();
  expect(device.problems).toEqual([]);
});

test('export, delete everything, import the export: the store is exactly as before (JSON), ratings too (CSV)', async () => {
  await deleteAllData();
  await putRecords(page, SEED);
  const before = await userData();

  const json = await download('Export all data (JSON)');
  expect(json.name).toMatch(/\.json$/);
  expect(JSON.parse(json.text)).toMatchObject({ format: 'matinee-export', version: 1 });
  const csv = await download('Export ratings (CSV)');
  expect(csv.name).toMatch(/\.csv$/);

  await deleteAllData();
  await chooseFile('Import data (JSON or CSV)', json.name, json.text);
  await statusSays(`Imported ${json.name}`);
  expect(await userData()).toEqual(before);

  await deleteAllData();
  await chooseFile('Import data (JSON or CSV)', csv.name, csv.text);
  await statusSays(`Imported ${csv.name}`);
  expect(await userData()).toEqual({ ...EMPTY, ratings: before.ratings });
  // The same export again changes nothing, and says so.
  await chooseFile('Import data (JSON or CSV)', csv.name, csv.text);
  await statusSays(`Nothing changed from ${csv.name}: ${before.ratings.length} ratings already the same.`);
  expect(await userData()).toEqual({ ...EMPTY, ratings: before.ratings });
  expect(device.problems).toEqual([]);
});

/** [file line, movieId, value, date] of each row the Letterboxd fixture matches (see the importer's unit test). */
const LETTERBOXD: [number, number, number, string][] = [
  [3, 4973, 4.5, '2019-01-06'],
  [4, 47, 4, '2019-02-01'],
  [5, 1233, 4, '2019-02-10'],
  [6, 293, 3.5, '2019-03-01'],
  [7, 5618, 5, '2019-03-02'],
  [8, 3996, 3, '2019-03-03'],
  [9, 318, 4.5, '2019-03-04'],
  [10, 260, 4, '2019-03-05'],
  [12, 296, 0.5, '2019-03-07'],
  [14, 1721, 2.5, '2019-03-09'],
  [15, 3404, 3, '2019-03-10'],
  [16, 25805, 4, '2019-03-11'],
  [17, 4995, 3.5, '2019-03-12'],
  [18, 2324, 4, '2019-03-13'],
  [19, 2571, 4, '2020-06-01'],
  [20, 1196, 4.5, '2020-07-01'],
];
const IMDB: [number, number, number, string][] = [
  [2, 2571, 5, '2020-05-01'],
  [3, 4973, 4.5, '2020-05-02'],
  [4, 1721, 3.5, '2020-05-03'],
  [5, 3404, 3, '2020-05-04'],
  [6, 1233, 4, '2020-05-05'],
  [7, 296, 0.5, '2020-05-06'],
  [8, 318, 5, '2020-05-07'],
  [9, 858, 4, '2020-05-08'],
  [10, 6016, 4.5, '2020-05-09'],
];

/**
 * What the store must hold after importing these rows: per item the newest rating (ties: the one already there),
 * except that the same value changes nothing, not even the date.
 */
function merged(...imports: [number, number, number, string][][]): { item: number; value: number; time: number }[] {
  const byItem = new Map<number, { item: number; value: number; time: number }>();
  for (const rows of imports) {
    for (const [, item, value, date] of rows) {
      const mine = byItem.get(item);
      if (!mine || (value !== mine.value && day(date) > mine.time)) byItem.set(item, { item, value, time: day(date) });
    }
  }
  return [...byItem.values()].sort((a, b) => a.item - b.item);
}

/** The "Line" and "Rating" columns of a report table, as shown. */
async function tableRows(name: string): Promise<string[][]> {
  const rows = await page.getByRole('table', { name }).getByRole('row').all();
  const cells = await Promise.all(rows.slice(1).map((row) => row.getByRole('cell').allInnerTexts()));
  return cells.map((row) => row.map((cell) => cell.trim()));
}

test('Letterboxd and IMDb exports import with the expected matches, the newer rating winning', async () => {
  await deleteAllData();
  const fixture = (name: string) => readFileSync(new URL(`../fixtures/imports/${name}`, import.meta.url), 'utf8');

  await chooseFile('Import from Letterboxd', 'letterboxd-ratings.csv', fixture('letterboxd-ratings.csv'));
  await statusSays('letterboxd-ratings.csv: 16 rows matched, 3 rows not matched. Nothing has been added yet.');
  expect(await userData()).toEqual(EMPTY);
  await page.getByText('Show matched rows', { exact: true }).click();
  const matched = await tableRows('Rows matched to this dataset');
  expect(matched.map(([line, , rating]) => [Number(line), rating])).toEqual(
    LETTERBOXD.map(([line, , value]) => [line, `${value} / 5`]),
  );
  // The title the row was matched to is shown for checking, with the a.k.a. form that matched Letterboxd's "Se7en".
  expect(matched.find(([line]) => line === '4')?.[1]).toMatch(/^Seven \(1995\)\s+a\.k\.a\. Se7en$/);
  const unmatched = await tableRows('Rows that will not be imported, and why');
  expect(unmatched.map(([line, title]) => [Number(line), title])).toEqual([
    [2, 'The Matrix (1999)'],
    [11, 'Parasite (2019)'],
    [13, 'The Godfather (1972)'],
  ]);
  await page.getByRole('button', { name: 'Add 16 ratings', exact: true }).click();
  await statusSays('Imported from Letterboxd: 16 new ratings. 3 rows could not be matched and were skipped.');
  expect(await userData()).toEqual({ ...EMPTY, ratings: merged(LETTERBOXD) });

  await chooseFile('Import from IMDb', 'imdb-ratings.csv', fixture('imdb-ratings.csv'));
  await statusSays('imdb-ratings.csv: 9 rows matched, 2 rows not matched. Nothing has been added yet.');
  await page.getByRole('button', { name: 'Add 9 ratings', exact: true }).click();
  // The Matrix was rated on Letterboxd after IMDb: that rating stays; of the six older Letterboxd ones, the two
  // IMDb rates differently are replaced and the four it rates the same are left as they are.
  await statusSays('Imported from IMDb: 2 new ratings, 2 updated, 1 kept (yours was newer), 4 already the same');
  expect(await userData()).toEqual({ ...EMPTY, ratings: merged(LETTERBOXD, IMDB) });
  expect(device.problems).toEqual([]);
});

test('settings of the wrong type: an import carrying them is refused by path, stored ones give way with a notice', async () => {
  await deleteAllData();
  const before = await dumpDatabase(page);
  // Issue 11, case 1: this file was imported, and then the home view threw on every load.
  const file = {
    format: 'matinee-export',
    version: 1,
    ratings: [],
    watchlist: [],
    hidden: [],
    settings: { onboarding: { done: false, genres: 7 } },
  };
  await chooseFile('Import data (JSON or CSV)', 'genres.json', JSON.stringify(file));
  const alert = page.getByRole('alert').filter({ hasText: 'Nothing was imported from genres.json' });
  await expect
    .poll(() => alert.innerText())
    .toMatch(/"settings\.onboarding\.genres": expected an array of strings, got 7/);
  expect(await dumpDatabase(page)).toEqual(before);

  // The same values as an older version could have stored them: the app starts, says so, and the home view works.
  await putRecords(page, [
    ['settings', { done: false, genres: 7 }, 'onboarding'],
    ['settings', { algorithm: 'evil', diversity: 0.2, popularity: 0, genre: 42, decade: 0 }, 'recommendationPrefs'],
  ]);
  await page.evaluate(() => (location.hash = '#/'));
  await page.reload();
  await statusSays('A saved setting could not be used');
  await page.getByRole('heading', { name: /get to know your taste/ }).waitFor();
  await page.getByRole('list', { name: 'Movies to rate' }).getByRole('listitem').first().waitFor();
  expect(device.problems).toEqual([]);
});

test('a file of settings alone reports the settings it changed, and errors name the file the user chose (issue 18)', async () => {
  // The test before left the home view open.
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
  await deleteAllData();
  const prefs = { algorithm: 'ease', sort: 'newest', diversity: 0.4, popularity: 0.5, genre: 'Drama', decade: 1990 };
  const file = { format: 'matinee-export', version: 1, ratings: [], watchlist: [], hidden: [] };
  const settingsOnly = JSON.stringify({ ...file, settings: { recommendationPrefs: prefs } });
  await chooseFile('Import data (JSON or CSV)', 'prefs.json', settingsOnly);
  await statusSays(
    'Imported prefs.json: 0 new ratings; 0 watchlist items and 0 hidden items added; ' +
      'settings changed: recommendation options.',
  );
  expect((await userData()).settings).toEqual([['recommendationPrefs', prefs]]);
  await chooseFile('Import data (JSON or CSV)', 'prefs-again.json', settingsOnly);
  await statusSays('Nothing changed from prefs-again.json: 0 new ratings.');

  // JSON broken on line 3 is refused at its line and column, in the file's own name.
  const broken = '{\n  "format": "matinee-export",\n  "version": 1 "ratings": []\n}';
  await chooseFile('Import data (JSON or CSV)', 'broken.json', broken);
  await expect
    .poll(() => page.getByRole('alert').filter({ hasText: 'Nothing was imported from broken.json' }).innerText())
    .toMatch(
      /broken\.json:3:16: field "version": not valid JSON: expected "," or "}" after a field, found the string "ratings"/,
    );
  // Another site's importer names the file too, not "ratings.csv".
  await chooseFile('Import from IMDb', 'imdb-history.csv', 'Title,Year\nHeat,1995\n');
  await expect
    .poll(() => page.getByRole('alert').filter({ hasText: 'Could not read imdb-history.csv' }).innerText())
    .toMatch(/imdb-history\.csv:1: field "Const": missing column "Const"/);
  expect((await userData()).settings).toEqual([['recommendationPrefs', prefs]]);
  expect(device.problems).toEqual([]);
});
