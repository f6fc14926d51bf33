import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import {
  openApp,
  rateOnboardingCandidate,
  settledRecommendations,
  waitForServiceWorkerControl,
} from '../../src/cli/browser/app-driver.ts';
import { launchChromium, newRecordedContext, reportProblemsOnFailure, type RecordedContext } from './browser.ts';
import { clearModelCache, dumpDatabase, modelCacheSaved, recordWorkerWire } from './device-helpers.ts';
import { recordWorkersAndStatuses, restartSeen } from './recorders.ts';

// Issue 18, cases 1 and 2: a first visit whose snapshot download is damaged (a captive portal answers its sign-in
// page with status 200, a proxy cuts the file short) or whose worker dies while it downloads. The app is not
// changed for the test: the network is, through context.route (which sees the worker's fetches too), and the worker
// dies by terminate(), as in faults.test.ts.

const SNAPSHOT = /\/assets\/snapshot-[0-9a-f]+\.bin$/;

declare global {
  interface Window {
    __samePage: boolean;
  }
}

/** The snapshot as the build emitted it: its size is what a good download must be. */
function snapshotSize(): number {
  const assets = join(inject('distDir'), 'assets');
  const name = readdirSync(assets).find((file) => SNAPSHOT.test(`/assets/${file}`));
  return statSync(join(assets, name!)).size;
}

/** Damages the snapshot on its way, while `network.good` is false; counts every snapshot request either way. */
interface Network {
  good: boolean;
  snapshotRequests: number;
}

const DAMAGES = {
  'a captive portal answers its sign-in page (HTML, status 200)': async (route: Route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html',
      body: '<!doctype html><title>Sign in to the Wi-Fi</title><form><button>Accept</button></form>',
    }),
  'a proxy cuts the snapshot short': async (route: Route) => {
    const response = await route.fetch();
    const body = await response.body();
    await route.fulfill({ response, body: body.subarray(0, body.length >> 1) });
  },
} as const;

async function damagedNetwork(device: RecordedContext, damage: (route: Route) => Promise<void>): Promise<Network> {
  const network: Network = { good: false, snapshotRequests: 0 };
  await device.context.route(SNAPSHOT, async (route) => {
    network.snapshotRequests++;
    await (network.good ? route.continue() : damage(route));
  });
  return network;
}

/** The precache's entry for the snapshot (cache name and URL), or null when it holds none. */
async function precacheEntry(page: Page): Promise<{ cacheName: string; url: string } | null> {
  return page.evaluate(async (pattern) => {
    for (const cacheName of await caches.keys()) {
      for (const request of await (await caches.open(cacheName)).keys()) {
        if (new RegExp(pattern).test(new URL(request.url).pathname)) return { cacheName, url: request.url };
      }
    }
    return null;
  }, SNAPSHOT.source);
}

/** How many bytes the precache holds for the snapshot, or null when it holds none. */
async function precachedSnapshot(page: Page): Promise<number | null> {
  const entry = await precacheEntry(page);
  return entry
    ? page.evaluate(
        async ({ cacheName, url }) =>
          (await (await (await caches.open(cacheName)).match(url))!.arrayBuffer()).byteLength,
        entry,
      )
    : null;
}

async function couldNotStart(page: Page): Promise<string> {
  const alert = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'Matinee could not start' }) });
  await alert.waitFor({ timeout: 60_000 });
  await alert.getByRole('button', { name: 'Try again', exact: true }).waitFor();
  return alert.innerText();
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe.each([
  ['a captive portal answers its sign-in page (HTML, status 200)', 'retry'],
  ['a proxy cuts the snapshot short', 'next visit'],
] as const)('a first visit where %s', (damageName, heal) => {
  test(`says the download was damaged, keeps nothing of it, and heals on the ${heal} once the network is good`, async () => {
    const device = await newRecordedContext(browser);
    reportProblemsOnFailure(device.problems);
    try {
      const network = await damagedNetwork(device, DAMAGES[damageName]);
      const page = await device.context.newPage();
      await openApp(page, inject('rootUrl'));
      expect(await couldNotStart(page)).toMatch(/dataset download \(\S+snapshot-[0-9a-f]+\.bin\) was damaged twice/);
      // Fetched again once, past the stored copies, before giving up.
      expect(network.snapshotRequests).toBe(2);
      // Nothing damaged was kept, and no service worker was registered to precache the damaged network's answers.
      expect(await precachedSnapshot(page)).toBeNull();
      expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)).toBe(0);

      await page.evaluate(() => (window.__samePage = true));
      await page.getByRole('button', { name: 'Try again', exact: true }).click();
      // Still damaged: the retry really fetched again, and says so again.
      await expect.poll(() => network.snapshotRequests).toBe(4);
      await couldNotStart(page);

      network.good = true;
      if (heal === 'retry') {
        await page.getByRole('button', { name: 'Try again', exact: true }).click();
        expect(await page.evaluate(() => window.__samePage)).toBe(true);
      } else {
        await page.close();
        await openApp(await device.context.newPage(), inject('rootUrl'));
      }
      const current = device.context.pages().at(-1)!;
      const rated = await rateOnboardingCandidate(current, 0, 4);
      await settledRecommendations(current);
      // The good copy is kept for offline use, and the service worker now runs.
      await waitForServiceWorkerControl(current);
      expect(await precachedSnapshot(current)).toBe(snapshotSize());
      const ratings = (await dumpDatabase(current)).user.ratings as { item: number; value: number }[];
      expect(ratings.map((r) => [r.item, r.value])).toEqual([[rated.id, 4]]);
      expect(device.problems).toEqual([]);
    } finally {
      await device.context.close();
    }
  });
});

test('a damaged snapshot in the precache is dropped and fetched again, and no rating is lost', async () => {
  const device = await newRecordedContext(browser);
  reportProblemsOnFailure(device.problems);
  try {
    const page = await device.context.newPage();
    await openApp(page, inject('rootUrl'));
    await waitForServiceWorkerControl(page);
    const first = await rateOnboardingCandidate(page, 0, 4);
    const second = await rateOnboardingCandidate(page, 1, 5);
    await settledRecommendations(page);
    await modelCacheSaved(page);
    // As an update installed behind a captive portal leaves it: the portal's page stored as the snapshot. Without
    // the model cache the next start needs the snapshot again.
    await page.evaluate(
      async ({ cacheName, url }) =>
        (await caches.open(cacheName)).put(url, new Response('<!doctype html><title>Sign in</title>', { status: 200 })),
      (await precacheEntry(page))!,
    );
    expect(await precachedSnapshot(page)).toBeLessThan(100);
    await clearModelCache(page);

    await page.reload();
    await settledRecommendations(page);
    expect(await precachedSnapshot(page)).toBe(snapshotSize());
    const ratings = (await dumpDatabase(page)).user.ratings as { item: number; value: number }[];
    expect(new Map(ratings.map((r) => [r.item, r.value]))).toEqual(
      new Map([
        [first.id, 4],
        [second.id, 5],
      ]),
    );
    expect(device.problems).toEqual([]);
  } finally {
    await device.context.close();
  }
});

test('a worker that dies while a first visit downloads is noticed and replaced in seconds, not after 120 s', async () => {
  const device = await newRecordedContext(browser);
  reportProblemsOnFailure(device.problems);
  try {
    await recordWorkerWire(device.context);
    await recordWorkersAndStatuses(device.context);
    // The first worker's download hangs (a slow network): it only waits, as a real download does between chunks.
    let requests = 0;
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await device.context.route(SNAPSHOT, async (route) => {
      if (++requests === 1) await held;
      await route.continue().catch(() => undefined);
    });
    const page = await device.context.newPage();
    await openApp(page, inject('rootUrl'));
    await expect.poll(() => requests, { timeout: 60_000 }).toBe(1);
    await page.waitForFunction(() =>
      (window as unknown as { __deviceWire: { phases: string[] } }).__deviceWire.phases.includes('download'),
    );

    const killedAt = await page.evaluate(() => {
      window.__recommenders[0]!.worker.terminate();
      return performance.now();
    });
    await page.waitForFunction(() => window.__recommenders.length === 2, undefined, { timeout: 60_000 });
    const replacedAfterMs = (await page.evaluate(() => window.__recommenders[1]!.createdAt)) - killedAt;
    // The bridge takes a silent worker that only downloads for dead after 3 s (worker-connection.ts); the margin is
    // for a loaded machine. Before, it waited out the 120 s start-up limit.
    expect(replacedAfterMs).toBeLessThan(15_000);
    release();

    await restartSeen(page, 0);
    await rateOnboardingCandidate(page, 0, 4);
    await settledRecommendations(page);
    expect(await page.evaluate(() => window.__recommenders.length)).toBe(2);
    expect(device.problems).toEqual([]);
  } finally {
    await device.context.close();
  }
});
