import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { openApp } from '../../src/cli/browser/app-driver.ts';
import { launchChromium, newRecordedContext } from './browser.ts';

// A browser that refuses this site any IndexedDB (as Chromium does when site data is blocked: open() fails with
// "The user denied permission to access the database."). The page must fall back to its in-memory store and say,
// where the user will see it, that nothing will be kept.

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

test('without IndexedDB the app starts on its memory store and tells the user their ratings will not be kept', async () => {
  const { context, problems } = await newRecordedContext(browser);
  try {
    await context.addInitScript(() => {
      IDBFactory.prototype.open = () => {
        throw new DOMException('The user denied permission to access the database.', 'UnknownError');
      };
    });
    // The dataset download is held: the worker is not what this test is about (and fitting would take a while).
    await context.route(/\/snapshot-[^/]*\.bin$/, () => {});
    const page = await context.newPage();
    await openApp(page, inject('rootUrl'));
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'does not let Matinee keep data' }).count())
      .toBe(1);

    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    const storage = page.getByRole('region', { name: 'Storage on this device' });
    // Whitespace folded: the alert keeps the source's line breaks (it is styled to show multi-line messages).
    const text = async () => (await storage.innerText()).replace(/\s+/g, ' ');
    await expect.poll(text).toMatch(/Your ratings will not be kept/);
    expect(await text()).toMatch(/Reason given by the browser: .*denied permission to access the database/);
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
});
