import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import {
  openApp,
  rateOnboardingCandidate,
  recommendationList,
  settledRecommendations,
} from '../../src/cli/browser/app-driver.ts';
import { launchChromium, newRecordedContext, reportProblemsOnFailure, type RecordedContext } from './browser.ts';
import { dumpDatabase, modelCacheSaved } from './device-helpers.ts';
import { recordWorkersAndStatuses, restartSeen, statusesSoFar } from './recorders.ts';

// Issue 11, cases 3 and 4, on one device: the recommender worker killed, then stuck, mid-session; then the store
// refusing to save. The app is not changed for the test. The page's Worker constructor is wrapped to keep a
// handle on each recommender worker (terminate() is how a worker really dies), the worker's script as served
// gets one more listener that blocks its event loop on a message (a real hang), and IndexedDB's put/delete throw
// QuotaExceededError on demand, as a full disk makes them do.

declare global {
  interface Window {
    __refuseWrites: boolean;
  }
}

const HANG_ON_MESSAGE = `
self.addEventListener('message', (event) => {
  if (event.data && event.data.matineeTestHang) for (;;);
});
`;

/** Unrated by anyone in ml-latest-small: its page must work as well as any other. */
const UNRATED = { id: 1076, title: 'The Innocents (1961)' };

/** Blocking service workers (see beforeAll) makes Chromium warn once; nothing else may reach the console. */
const problems = () => device.problems.filter((p) => !p.includes('Service Worker registration blocked by Playwright'));

let browser: Browser;
let device: RecordedContext;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  // No service worker: it would serve the worker's script from its precache, past the route below.
  device = await newRecordedContext(browser, { serviceWorkers: 'block' });
  await device.context.route(/\/recommender\.worker-[^/]*\.js$/, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: (await response.text()) + HANG_ON_MESSAGE });
  });
  await recordWorkersAndStatuses(device.context);
  await device.context.addInitScript(() => {
    window.__refuseWrites = false;
    const USER_STORES = ['ratings', 'watchlist', 'hidden'];
    for (const method of ['put', 'delete'] as const) {
      const native = IDBObjectStore.prototype[method] as (...args: unknown[]) => IDBRequest;
      IDBObjectStore.prototype[method] = function (this: IDBObjectStore, ...args: unknown[]) {
        if (window.__refuseWrites && USER_STORES.includes(this.name))
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return native.apply(this, args);
      } as never;
    }
  });
  page = await device.context.newPage();
  await openApp(page, inject('rootUrl'));
});

afterAll(async () => {
  await device?.context.close();
  await browser?.close();
});

const recommenders = () => page.evaluate(() => window.__recommenders.length);

async function storedRatings(): Promise<Map<number, number>> {
  const ratings = (await dumpDatabase(page)).user.ratings as { item: number; value: number }[];
  return new Map(ratings.map((r) => [r.item, r.value]));
}

async function search(query: string, title: string): Promise<Locator> {
  await page.getByRole('searchbox', { name: 'Search movies', exact: true }).fill(query);
  const entry = page
    .getByRole('list', { name: 'Search results', exact: true })
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: title, exact: true }) });
  await entry.waitFor({ timeout: 30_000 });
  return entry;
}

async function unratedItemPageWorks(): Promise<void> {
  await page.evaluate((id) => (location.hash = `#/item/${id}`), UNRATED.id);
  await page.getByRole('heading', { level: 1, name: UNRATED.title }).waitFor({ timeout: 30_000 });
  await page.getByText('Nobody in the dataset has rated it yet').waitFor();
  await page.getByRole('heading', { name: 'Similar movies' }).waitFor();
}

/** The stars a rating group shows checked, or null. */
async function checked(group: Locator): Promise<number | null> {
  const radio = group.getByRole('radio', { checked: true });
  if ((await radio.count()) === 0) return null;
  return Number(/^([\d.]+) stars?$/.exec((await radio.getAttribute('aria-label')) ?? '')?.[1]);
}

const rateGroup = (scope: Page | Locator, title: string) =>
  scope.getByRole('radiogroup', { name: `Rate ${title}`, exact: true });

test('a worker killed mid-session is noticed and replaced: list, search and item page work again, no rating lost', async () => {
  reportProblemsOnFailure(device.problems);
  const first = await rateOnboardingCandidate(page, 0, 4);
  const second = await rateOnboardingCandidate(page, 1, 5);
  const [top] = await settledRecommendations(page);
  // The engine is cached by now (the second worker saves it), so a replacement starts from it, as later visits do.
  await modelCacheSaved(page);

  const since = await statusesSoFar(page);
  await page.evaluate(() => window.__recommenders.at(-1)!.worker.terminate());
  await rateGroup(recommendationList(page), top!.title).getByRole('radio', { name: '3 stars', exact: true }).check();
  await restartSeen(page, since);
  // The list leaves aria-busy with an answer; the rating made while the worker was dead is kept.
  await settledRecommendations(page);
  expect(await recommenders()).toBe(2);
  expect(await storedRatings()).toEqual(
    new Map([
      [first.id, 4],
      [second.id, 5],
      [top!.id, 3],
    ]),
  );
  await search('heat', 'Heat (1995)');
  await unratedItemPageWorks();
  expect(problems()).toEqual([]);
});

test('a worker stuck in a loop is taken for dead after a silence and replaced: search answers', async () => {
  reportProblemsOnFailure(device.problems);
  const since = await statusesSoFar(page);
  await page.evaluate(() => window.__recommenders.at(-1)!.worker.postMessage({ matineeTestHang: true }));
  await page.getByRole('searchbox', { name: 'Search movies', exact: true }).fill('matrix');
  await page.getByRole('status').filter({ hasText: 'Searching…' }).waitFor();
  await restartSeen(page, since);
  await search('matrix', 'The Matrix (1999)');
  expect(await recommenders()).toBe(3);
  await page.evaluate(() => (location.hash = '#/'));
  await settledRecommendations(page);
  await unratedItemPageWorks();
  expect(problems()).toEqual([]);
});

test('a rating the store refuses is rolled back in every view that shows it, and a reload agrees', async () => {
  reportProblemsOnFailure(device.problems);
  await page.evaluate(() => (location.hash = '#/'));
  const [item] = await settledRecommendations(page);
  const inList = () => rateGroup(recommendationList(page), item!.title);
  await inList().getByRole('radio', { name: '4 stars', exact: true }).check();
  await expect.poll(async () => (await storedRatings()).get(item!.id)).toBe(4);
  const saved = await storedRatings();

  await page.evaluate(() => (window.__refuseWrites = true));
  // click(), not check(): the radio does not stay checked, which is the point.
  await inList().getByRole('radio', { name: '2 stars', exact: true }).click();
  await page
    .getByRole('status')
    .filter({ hasText: /Could not save the rating: .*no storage space left/ })
    .waitFor();
  await expect.poll(() => checked(inList())).toBe(4);

  await page.evaluate((id) => (location.hash = `#/item/${id}`), item!.id);
  await expect.poll(() => checked(rateGroup(page, item!.title).first())).toBe(4);
  // A new rating refused on an item page leaves it unrated.
  await page.evaluate((id) => (location.hash = `#/item/${id}`), UNRATED.id);
  await rateGroup(page, UNRATED.title).getByRole('radio', { name: '5 stars', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Could not save the rating' }).waitFor();
  await expect.poll(() => checked(rateGroup(page, UNRATED.title))).toBeNull();

  const found = await search(item!.title.replace(/ \(\d{4}\)$/, ''), item!.title);
  await expect.poll(() => checked(rateGroup(found, item!.title))).toBe(4);

  await page.getByRole('link', { name: 'Your data', exact: true }).click();
  const yours = rateGroup(page.getByRole('region', { name: 'Your ratings', exact: true }), item!.title);
  await expect.poll(() => checked(yours)).toBe(4);
  await page.getByText(`${saved.size} ratings`, { exact: true }).waitFor();
  // Changed here too, and refused: the radios go back to the kept value.
  await yours.getByRole('radio', { name: '1 star', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: 'That change was not saved' }).waitFor();
  await expect.poll(() => checked(yours)).toBe(4);

  await page.evaluate(() => (window.__refuseWrites = false));
  expect(await storedRatings()).toEqual(saved);
  await page.reload();
  await page.evaluate((id) => (location.hash = `#/item/${id}`), item!.id);
  await expect.poll(() => checked(rateGroup(page, item!.title).first()), { timeout: 60_000 }).toBe(4);
  expect(problems()).toEqual([]);
});
