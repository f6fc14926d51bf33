/**
 * Screenshots of every main view of the BUILT app (run `npm run build` first) at 390×844 and 320×640, light and
 * dark, for looking at layout changes. Not a vitest file; the assertions live in test/e2e. Run it with
 *   npx tsx test/unit/ui/browser/screenshots.mts [outDir]
 * and it prints the time to a ready model on a first and a repeat visit, and the PNG paths.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../../../../src/cli/headless-chromium.ts';
import { startStaticServer } from '../../../../src/cli/serve.ts';

const outDir = process.argv[2] ?? '/tmp/matinee-shots';
mkdirSync(outDir, { recursive: true });
const server = await startStaticServer({ root: 'dist', port: 0 });
const browser = await launchChromium();

async function ready(page: Page, label: string): Promise<void> {
  const t0 = Date.now();
  await page.goto(server.url);
  const status = page.getByTestId('model-status');
  await status.waitFor({ timeout: 180_000 });
  console.log(`${label}: model ready after ${Date.now() - t0} ms (${(await status.innerText()).trim()})`);
}

try {
  for (const scheme of ['light', 'dark'] as const) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: scheme });
    const page = await context.newPage();
    const shot = async (name: string, fullPage = false) => {
      for (const width of [390, 320]) {
        await page.setViewportSize({ width, height: width === 390 ? 844 : 640 });
        await page.waitForTimeout(150);
        const path = join(outDir, `${name}-${width}-${scheme}.png`);
        await page.screenshot({ path, fullPage });
        console.log(path);
      }
      await page.setViewportSize({ width: 390, height: 844 });
    };
    await ready(page, `${scheme}, first visit`);
    await ready(page, `${scheme}, repeat visit`);
    await page.getByRole('list', { name: 'Movies to rate' }).getByRole('listitem').first().waitFor();
    await shot('onboarding');
    await page
      .getByRole('list', { name: 'Movies to rate' })
      .getByRole('radio', { name: '4 stars', exact: true })
      .first()
      .check();
    await page.getByRole('list', { name: 'Recommended for you' }).getByRole('listitem').first().waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    await shot('for-you');
    await page.getByRole('searchbox', { name: 'Search movies' }).fill('the matrix');
    await page.getByRole('list', { name: 'Search results' }).getByRole('listitem').first().waitFor();
    await shot('search');
    await page.evaluate(() => (location.hash = '#/item/2571'));
    await page.getByRole('heading', { level: 1, name: 'Matrix, The (1999)' }).waitFor();
    await page.getByRole('heading', { name: 'Similar movies' }).waitFor();
    await shot('item', true);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
