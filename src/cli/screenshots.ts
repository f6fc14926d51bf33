/**
 * npm run screenshots [-- --out DIR]: builds the app from the current source into a scratch folder, walks a new
 * user through every view (onboarding, search, For you, item, Your data, Settings) in headless Chromium and saves
 * PNGs at phone (390×844) and desktop (1280×800) size, light and dark: <view>-<size>-<scheme>.png shows the first
 * screen, <view>-<size>-<scheme>-full.png the whole page. Default folder: screenshots/ (gitignored).
 * Not a test: it asserts nothing beyond reaching each view; the e2e tests do the checking.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { buildApp, newRunDir } from './browser/build-app.ts';
import { launchChromium } from './browser/headless-chromium.ts';
import { parseCli } from './cli-args.ts';
import { startStaticServer } from './serve.ts';

const SIZES = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } } as const;
const SCHEMES = ['light', 'dark'] as const;
/** A cold model build takes seconds on an idle machine, and a shared machine can be many times slower. */
const READY_TIMEOUT_MS = 120_000;

const { values } = parseCli({
  name: 'screenshots',
  command: 'npm run screenshots --',
  about:
    'Builds the app from DATASET, walks a new user through every view in headless Chromium and saves PNGs at\n' +
    'phone and desktop size, light and dark: <view>-<size>-<scheme>.png and <view>-<size>-<scheme>-full.png.',
  dataset: true,
  flags: {
    out: { type: 'string', value: 'DIR', path: 'out-dir', default: 'screenshots', help: 'the folder for the PNGs' },
  },
});
const outDir = resolve(values.out);
await mkdir(outDir, { recursive: true });

const runDir = newRunDir('screenshots');
const distDir = join(runDir, 'dist');
console.log('building the app…');
await buildApp(distDir, 'screenshots');
const server = await startStaticServer({ root: distDir, basePath: '/' });
const browser = await launchChromium();
const saved: string[] = [];

/** Both sizes of the current view, first screen and full page; back to the phone size afterwards. */
async function shoot(page: Page, view: string, scheme: string): Promise<void> {
  // The undo toast would cover the bottom of the first screen.
  const dismiss = page.getByRole('button', { name: 'Dismiss notification' });
  if (await dismiss.isVisible()) await dismiss.click();
  // The pointer stays where the last click was, and stars under it would show their hover as a rating.
  await page.mouse.move(0, 0);
  for (const [size, viewport] of Object.entries(SIZES)) {
    await page.setViewportSize(viewport);
    // From the top, as the view opens: earlier steps (a rated card, a typed query) may have scrolled the page.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    for (const fullPage of [false, true]) {
      const path = join(outDir, `${view}-${size}-${scheme}${fullPage ? '-full' : ''}.png`);
      await page.screenshot({ path, fullPage });
      saved.push(path);
    }
  }
  await page.setViewportSize(SIZES.phone);
}

async function settled(page: Page): Promise<void> {
  await page
    .getByRole('list', { name: 'Recommended for you' })
    .and(page.locator('[aria-busy="false"]'))
    .getByRole('listitem')
    .first()
    .waitFor({ timeout: READY_TIMEOUT_MS });
}

try {
  for (const scheme of SCHEMES) {
    const context = await browser.newContext({ viewport: SIZES.phone, colorScheme: scheme });
    const page = await context.newPage();
    await page.goto(server.url);
    const candidates = page.getByRole('list', { name: 'Movies to rate' }).getByRole('listitem');
    await candidates.first().waitFor({ timeout: READY_TIMEOUT_MS });
    await shoot(page, 'onboarding', scheme);

    // The first rating brings the first recommendations above the picker.
    await candidates.first().getByRole('radio', { name: '5 stars', exact: true }).check();
    await settled(page);
    await shoot(page, 'first-recommendations', scheme);

    // Four more, so For you, the item page and Your data have something to show; the fifth folds the picker away.
    for (const [k, stars] of [4, 2, 3.5, 4.5].entries())
      await candidates
        .nth(k + 1)
        .getByRole('radio', { name: `${stars} stars`, exact: true })
        .click();
    await candidates.first().waitFor({ state: 'detached' });
    await page.getByRole('searchbox', { name: 'Search movies' }).fill('star wars');
    await page.getByRole('list', { name: 'Search results' }).getByRole('listitem').first().waitFor();
    await shoot(page, 'search', scheme);

    await page.getByRole('link', { name: 'For you', exact: true }).click();
    await settled(page);
    await shoot(page, 'for-you', scheme);

    await page
      .getByRole('list', { name: 'Recommended for you' })
      .getByRole('heading')
      .first()
      .getByRole('link')
      .click();
    await page.getByRole('heading', { name: 'Similar movies' }).waitFor({ timeout: READY_TIMEOUT_MS });
    await shoot(page, 'item', scheme);

    for (const [view, name] of [
      ['your-data', 'Your data'],
      ['settings', 'Settings'],
    ] as const) {
      await page.getByRole('link', { name, exact: true }).click();
      await page.getByRole('heading', { level: 1, name }).waitFor();
      // Your data fills in titles once the worker answers; wait for the last "Loading titles…" to go.
      await page.getByText('Loading titles…').waitFor({ state: 'detached' });
      await shoot(page, view, scheme);
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
  await rm(runDir, { recursive: true, force: true });
}
console.log(`${saved.length} screenshots in ${outDir}:\n${saved.map((path) => `  ${path}`).join('\n')}`);
