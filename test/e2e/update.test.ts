import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { startStaticServer, type StaticServer } from '../../src/cli/serve.ts';
import { axeViolations } from './axe.ts';
import {
  openApp,
  rateOnboardingCandidate,
  shownRating,
  waitForServiceWorkerControl,
} from '../../src/cli/browser/app-driver.ts';
import { launchChromium, newRecordedContext, reportProblemsOnFailure } from './browser.ts';
import { buildApp } from '../../src/cli/browser/build-app.ts';

// The global setup built version 1; this file builds version 2 from the same sources with another build id, which
// changes the bundle and so the service worker's precache manifest: a real new release as the browser sees it.
const NEXT_BUILD_ID = 'e2e-2';

let browser: Browser;
let server: StaticServer;
let nextDistDir: string;
beforeAll(async () => {
  nextDistDir = join(inject('runDir'), NEXT_BUILD_ID);
  await buildApp(nextDistDir, NEXT_BUILD_ID);
  // Its own server: the test swaps the deployed files under a running app.
  server = await startStaticServer({ root: inject('distDir') });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test('a new deployment shows the "new version" prompt in every open tab, and reloading into it keeps the ratings', async () => {
  const { context, problems } = await newRecordedContext(browser);
  reportProblemsOnFailure(problems);
  try {
    const page = await context.newPage();
    await openApp(page, server.url);
    await waitForServiceWorkerControl(page);
    const rated = await rateOnboardingCandidate(page, 0, 4);
    await page.getByRole('link', { name: 'For you', exact: true }).click();
    const firstBuild = await page.evaluate(() => document.documentElement.dataset.build);
    expect(firstBuild).not.toBe(NEXT_BUILD_ID);
    const prompt = page.getByRole('status').filter({ hasText: 'new version' });
    expect(await prompt.count()).toBe(0);

    // A second tab of the same version, open throughout.
    const other = await context.newPage();
    await openApp(other, server.url);
    const otherPrompt = other.getByRole('status').filter({ hasText: 'new version' });

    server.setRoot(nextDistDir);
    // A navigation makes the browser check sw.js; the old worker still serves this page, the new one waits.
    await page.reload();
    await prompt.waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => document.documentElement.dataset.build)).toBe(firstBuild);
    expect(await axeViolations(page, 'update prompt')).toEqual([]);
    // The other tab hears of the waiting version too; its user postpones.
    await otherPrompt.waitFor();
    await otherPrompt.getByRole('button', { name: 'Later' }).click();
    await otherPrompt.waitFor({ state: 'detached' });

    await Promise.all([page.waitForEvent('load'), prompt.getByRole('button', { name: 'Reload' }).click()]);
    await page.waitForFunction((id) => document.documentElement.dataset.build === id, NEXT_BUILD_ID);
    await waitForServiceWorkerControl(page);
    expect(await prompt.count()).toBe(0);
    expect(await shownRating(page, rated)).toBe(4);

    // The new version now controls the other tab too, under its old code: it asks again, and its Reload works
    // although nothing is waiting any more.
    await otherPrompt.waitFor();
    expect(await other.evaluate(() => document.documentElement.dataset.build)).toBe(firstBuild);
    await Promise.all([other.waitForEvent('load'), otherPrompt.getByRole('button', { name: 'Reload' }).click()]);
    await other.waitForFunction((id) => document.documentElement.dataset.build === id, NEXT_BUILD_ID);
    expect(await shownRating(other, rated)).toBe(4);
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
});
