import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ENGINE_VERSION } from '../../src/engine/recommender.ts';
import { DB_VERSION } from '../../src/store/schema.ts';
import {
  openApp,
  rateOnboardingCandidate,
  sameItems,
  settledRecommendations,
  shownRating,
  type RatedItem,
} from '../../src/cli/browser/app-driver.ts';
import { launchChromium, newRecordedContext, type RecordedContext } from './browser.ts';
import {
  corruptModelCache,
  dumpDatabase,
  dumpStores,
  modelCacheSaved,
  putRecords,
  recordWorkerWire,
  workerWire,
  type CacheEntrySummary,
  type WorkerWire,
} from './device-helpers.ts';

// One browsing context (one device) for the whole file, in the order a user lives it: the first visit builds the
// model, later visits load it, a damaged copy is rebuilt, and a second tab shares the same data. The model is fitted
// twice in all (first visit, damaged copy), the slow part of the file.

/** The model cache key the worker must use: the snapshot's content hash (in its file name) and the engine version. */
function expectedCacheKey(): string {
  const snapshot = readdirSync(join(inject('distDir'), 'assets')).find((f) => /^snapshot-[0-9a-f]+\.bin$/.test(f));
  if (!snapshot) throw new Error('the build has no assets/snapshot-<hash>.bin');
  return `${/^snapshot-([0-9a-f]+)\.bin$/.exec(snapshot)![1]}:engine-v${ENGINE_VERSION}`;
}

const modelStatus = (page: Page) => page.getByTestId('model-status');

let browser: Browser;
let device: RecordedContext;
let tab: Page;
let firstVisit: WorkerWire;
let firstCache: CacheEntrySummary[];
let rated: RatedItem;
let firstRecommendations: RatedItem[];

beforeAll(async () => {
  browser = await launchChromium();
  device = await newRecordedContext(browser);
  await recordWorkerWire(device.context);
  tab = await device.context.newPage();
  await openApp(tab, inject('rootUrl'));
  firstVisit = await workerWire(tab);
  // The worker answers after its first fitting stage and caches the engine after the second: wait for the save,
  // so the list below comes from the whole engine (until stage 2 the default list is ordered by bias stars).
  await modelCacheSaved(tab, expectedCacheKey());
  rated = await rateOnboardingCandidate(tab, 0, 4);
  firstRecommendations = await settledRecommendations(tab);
  firstVisit = await workerWire(tab);
  firstCache = (await dumpDatabase(tab)).modelCache;
});

afterAll(async () => {
  await device?.context.close();
  await browser?.close();
});

describe('the trained model on the device', () => {
  test('the first visit fits and caches the model; the next load uses the cache and fits nothing', async () => {
    expect(firstVisit.init[0]).toMatchObject({ fromCache: false, cacheProblem: null });
    expect(firstVisit.phases).toContain('fit');
    // The rating predictor was fitted in the second worker (the recommender's own script in its other role).
    expect(firstVisit.phases).toContain('predictor');
    expect(firstVisit.phases).not.toContain('predictor-here');
    expect(firstVisit.phases).toContain('save');
    await expect.poll(() => modelStatus(tab).innerText()).toMatch(/^Model built on this device in [\d.]+ s\.$/);
    expect(firstCache).toEqual([
      {
        key: expectedCacheKey(),
        createdAt: expect.any(Number),
        checksum: expect.any(Number),
        models: ['predictor', 'ranking'],
      },
    ]);

    await tab.reload();
    const second = await workerWire(tab);
    expect(second.init[0]).toMatchObject({ fromCache: true, cacheProblem: null });
    // Start-up went download → cache → ready: no fit progress, no save.
    expect(second.phases).toContain('cache');
    expect(second.phases).not.toContain('fit');
    expect(second.phases).not.toContain('save');
    await expect.poll(() => modelStatus(tab).innerText()).toMatch(/^Model loaded from this device in [\d.]+ s\.$/);
    // The entry was only read: same write time, same checksum.
    expect((await dumpDatabase(tab)).modelCache).toEqual(firstCache);
    // The loaded model is the fitted one: the same profile gets the same recommendations, in the same order.
    expect(sameItems(await settledRecommendations(tab), firstRecommendations)).toBe(true);
    expect(device.problems).toEqual([]);
  });

  test('a damaged model-cache entry is detected and rebuilt, and the ratings are untouched', async () => {
    const before = await dumpDatabase(tab);
    expect(before.modelCache).toHaveLength(1);
    expect(await corruptModelCache(tab)).toBeGreaterThan(0);
    // An entry an older snapshot or engine version left behind: it can never be read again, so the rebuild drops it.
    const stale = { key: '0000:engine-v0', createdAt: 1, checksum: 0, state: { big: new Array(1000).fill(1) } };
    await putRecords(tab, [['modelCache', stale]]);

    await tab.reload();
    const rebuilt = await workerWire(tab);
    expect(rebuilt.init[0]?.fromCache).toBe(false);
    expect(rebuilt.phases).toContain('fit');
    await expect.poll(() => modelStatus(tab).innerText()).toMatch(/^Model built on this device/);
    await modelCacheSaved(tab, expectedCacheKey());
    const after = await dumpDatabase(tab);
    expect(after.user).toEqual(before.user);
    expect(after.modelCache.map((e) => e.key)).toEqual([before.modelCache[0]!.key]);
    const [old, fresh] = [before.modelCache[0]!, after.modelCache[0]!];
    expect(fresh.key).toBe(old.key);
    expect(fresh.createdAt).toBeGreaterThan(old.createdAt);
    // The fit is seeded, so the rebuilt state is the original one bit for bit: same checksum as before the damage.
    expect(fresh.checksum).toBe(firstCache[0]!.checksum);
    expect(await shownRating(tab, rated)).toBe(4);

    // The rebuilt copy is good: the next load uses it.
    await tab.reload();
    expect((await workerWire(tab)).init[0]?.fromCache).toBe(true);
    expect(device.problems).toEqual([]);
  });
});

describe('a short first visit', () => {
  test('closed right after its first list, it leaves the rankers cached: the next visit fits only the predictor', async () => {
    const other = await newRecordedContext(browser);
    try {
      await recordWorkerWire(other.context);
      const first = await other.context.newPage();
      await openApp(first, inject('rootUrl'));
      await rateOnboardingCandidate(first, 0, 4);
      await settledRecommendations(first);
      // Stage 1 is cached while the second worker is still fitting the predictor; the tab closes then.
      await modelCacheSaved(first, expectedCacheKey(), 60_000, 1);
      expect((await workerWire(first)).phases).toContain('fit');
      await first.close();

      const next = await other.context.newPage();
      await openApp(next, inject('rootUrl'));
      const wire = await workerWire(next);
      expect(wire.init[0]).toMatchObject({ fromCache: true, cacheProblem: null });
      await settledRecommendations(next);
      await modelCacheSaved(next, expectedCacheKey());
      const phases = (await workerWire(next)).phases;
      // Loaded, not fitted, not downloaded: the predictor alone was fitted (in the second worker), then all saved.
      expect(phases).toContain('cache');
      expect(phases).not.toContain('fit');
      expect(phases).not.toContain('download');
      expect(phases).toContain('predictor');
      expect(phases.at(-1)).toBe('save');
      expect((await dumpDatabase(next)).modelCache.map((e) => e.models)).toEqual([['predictor', 'ranking']]);
      expect(other.problems).toEqual([]);
    } finally {
      await other.context.close();
    }
  });
});

describe('two tabs on one device', () => {
  test('a rating given or cleared in one tab shows in the other without a reload', async () => {
    const other = await device.context.newPage();
    try {
      await openApp(other, inject('rootUrl'));
      // The second tab starts from the cached model too.
      expect((await workerWire(other)).init[0]?.fromCache).toBe(true);
      expect(await shownRating(other, rated)).toBe(4);

      // Re-rate in the first tab; the second, already showing the item, follows.
      expect(await shownRating(tab, rated)).toBe(4);
      await tab
        .getByRole('radiogroup', { name: `Rate ${rated.title}`, exact: true })
        .first()
        .getByRole('radio', { name: '2 stars', exact: true })
        .check();
      await expect.poll(() => shownRating(other, rated), { timeout: 10_000 }).toBe(2);

      // Clear it in the second tab; the first follows, and the store no longer holds it.
      await other
        .getByRole('button', { name: `Clear rating of ${rated.title}`, exact: true })
        .first()
        .click();
      await expect.poll(() => shownRating(tab, rated), { timeout: 10_000 }).toBe(null);
      const ratings = (await dumpDatabase(tab)).user.ratings as { item: number }[];
      expect(ratings.map((r) => r.item)).not.toContain(rated.id);
      expect(device.problems).toEqual([]);
    } finally {
      await other.close();
    }
  });

  test('a newer Matinee opening the database in another tab is not blocked, and this tab says why it stops saving', async () => {
    // The other tab: a same-origin page that upgrades the database past this build's version, as an update would.
    const newer = await device.context.newPage();
    try {
      await newer.goto(inject('rootUrl') + 'icon.svg');
      const outcome = await newer.evaluate(
        (version) =>
          new Promise<string>((resolve) => {
            const open = indexedDB.open('matinee', version);
            open.onupgradeneeded = () => open.result.createObjectStore('fromTheFuture');
            open.onblocked = () => resolve('blocked');
            open.onsuccess = () => {
              open.result.close();
              resolve('upgraded');
            };
            open.onerror = () => resolve(`failed: ${open.error?.message}`);
          }),
        DB_VERSION + 1,
      );
      // Both of this tab's connections (page and worker) stepped aside at once.
      expect(outcome).toBe('upgraded');

      const storedBefore = await dumpStores(newer, ['ratings']);
      const before = await shownRating(tab, rated);
      const stars = before === 3 ? 2 : 3;
      // click(), not check(): the rating is not saved, so it does not stay checked.
      await tab
        .getByRole('radiogroup', { name: `Rate ${rated.title}`, exact: true })
        .first()
        .getByRole('radio', { name: `${stars} stars`, exact: true })
        .click();
      const notice = tab.getByRole('group', { name: 'Notification' });
      await expect.poll(() => notice.innerText()).toMatch(/updated in another tab; reload this page to keep saving/);
      expect(await dumpStores(newer, ['ratings'])).toEqual(storedBefore);
      await expect.poll(() => shownRating(tab, rated)).toBe(before);
    } finally {
      await newer.close();
    }
  });
});
