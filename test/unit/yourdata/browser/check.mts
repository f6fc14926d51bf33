/**
 * Browser check of the "Your data" and "Settings" views in headless Chromium: every control by its accessible
 * name, keyboard and dialog focus, axe-core (WCAG 2.1 AA + best practice), no horizontal scrolling at 320 px in
 * light and dark, downloads named matinee-export-YYYY-MM-DD, imports all-or-nothing with the error shown.
 * Not a vitest file (the unit project has no browser); run it with
 *   npx tsx test/unit/yourdata/browser/check.mts
 * It prints PASS/FAIL per check and exits 1 when any check fails.
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Page } from 'playwright-core';
import { createServer } from 'vite';
import { launchChromium } from '../../../../src/cli/headless-chromium.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const axeSource = readFileSync(`${repo}node_modules/axe-core/axe.min.js`, 'utf8');

const server = await createServer({
  configFile: false,
  root: here,
  logLevel: 'error',
  cacheDir: join(tmpdir(), 'matinee-yourdata-check-vite'), // not node_modules/.vite: other dev servers use that
  plugins: [svelte({ configFile: `${repo}svelte.config.js` })],
  server: { port: 0, fs: { allow: [repo] } },
});
await server.listen();
const base = server.resolvedUrls!.local[0]!;
const browser = await launchChromium();

let failures = 0;
function check(ok: boolean, what: string): void {
  if (!ok) failures++;
  console.log(`${ok ? 'PASS' : 'FAIL'} ${what}`);
}
const problems: string[] = [];
const squash = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

async function open(query: string, options: { width?: number; dark?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 320, height: 900 },
    colorScheme: options.dark ? 'dark' : 'light',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${query}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${query}: uncaught ${e.message}`));
  await page.goto(base + query);
  await page.locator('h2').first().waitFor();
  return page;
}

async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const run = (window as unknown as { axe: { run: (o: unknown) => Promise<unknown> } }).axe.run;
    const result = (await run({ runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'] })) as {
      violations: { id: string; nodes: { target: string[] }[] }[];
    };
    return result.violations.map((v) => `${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

const overflows = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
const ratingTitles = (page: Page) =>
  page.locator('ul.md-list').first().locator('li .md-item-text > span:first-child').allTextContents();
const storedRating = (page: Page, item: number) =>
  page.evaluate(async (id) => (await window.store.getRatings()).find((r) => r.item === id)?.value ?? null, item);

try {
  for (const view of ['you', 'settings', 'you&scale=10'])
    for (const dark of [false, true]) {
      const page = await open(`?view=${view}`, { dark });
      const scheme = dark ? 'dark' : 'light';
      const violations = await axe(page);
      check(violations.length === 0, `${view} (${scheme}): axe finds no violations ${JSON.stringify(violations)}`);
      check(!(await overflows(page)), `${view} (${scheme}): no horizontal scrolling at 320 px`);
      await page.context().close();
    }

  // ---- Your data
  {
    const page = await open('?view=you');
    const headings = await page.$$eval('h1, h2', (hs) => hs.map((h) => `${h.tagName} ${h.textContent?.trim()}`));
    check(
      JSON.stringify(headings) ===
        JSON.stringify([
          'H1 Your data',
          'H2 Your ratings',
          'H2 Watchlist',
          'H2 Not interested',
          'H2 About your ratings',
        ]),
      `headings in order: ${headings.join(' / ')}`,
    );
    check((await page.getByText('Unknown item #999999').count()) === 1, 'an id the dataset lacks is named by id');
    check((await page.getByText('Rated on an unknown date').count()) === 1, 'time 0 reads "unknown date"');

    check((await ratingTitles(page))[0] === 'Father of the Bride Part II (1995)', 'default order: newest first');
    await page.getByLabel('Sort by').selectOption('title');
    check((await ratingTitles(page))[0] === 'Father of the Bride Part II (1995)', 'by title: A first');
    await page.getByRole('button', { name: /Sort direction/ }).click();
    check((await ratingTitles(page))[0] === 'Waiting to Exhale (1995)', 'direction button reverses: Z first');
    await page.getByLabel('Sort by').selectOption('rating');
    check((await ratingTitles(page))[0] === 'Grumpier Old Men (1995)', 'by rating: best first');

    await page
      .getByRole('radiogroup', { name: 'Rate Jumanji (1995)' })
      .getByRole('radio', { name: '5 stars', exact: true })
      .check();
    await page.getByText('Rated Jumanji 5.').waitFor({ state: 'attached' });
    check((await storedRating(page, 2)) === 5, 're-rating with the shared control saves it and is announced');

    await page.getByRole('button', { name: 'Remove rating for Toy Story (1995)' }).click();
    await page.getByText('Toy Story (1995)').waitFor({ state: 'detached' });
    check((await storedRating(page, 1)) === null, '"Remove" deletes the rating');

    await page
      .getByRole('radiogroup', { name: 'Rate Heat (1995)' })
      .getByRole('radio', { name: '4.5 stars', exact: true })
      .check();
    await page.getByRole('button', { name: 'Remove rating for Heat (1995)' }).waitFor();
    check(
      (await storedRating(page, 6)) === 4.5 &&
        (await page.getByRole('button', { name: 'Remove Heat (1995) from watchlist' }).count()) === 1,
      'rating a watchlist item adds the rating and keeps it listed, as the rest of the app does',
    );
    await page.getByRole('button', { name: 'Remove Heat (1995) from watchlist' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Remove Heat (1995) from watchlist' }).waitFor({ state: 'detached' });
    const focusAfterRemove = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    check(
      focusAfterRemove === 'Remove The American President (1995) from watchlist',
      `after a removal the focus moves to the next row (${focusAfterRemove})`,
    );
    await page.getByRole('button', { name: 'Remove The American President (1995) from watchlist' }).click();
    await page.getByText('Your watchlist is empty.').waitFor();
    check(true, 'watchlist entries are removable');
    await page.getByRole('button', { name: 'Restore Tom and Huck (1995) to recommendations' }).click();
    await page.getByText('Nothing is hidden from your recommendations.').waitFor();
    check(
      (await page.evaluate(async () => (await window.store.getList('hidden')).length)) === 0,
      'hidden is restorable',
    );

    const histogram = (
      await page.getByRole('table', { name: 'How often you gave each rating' }).locator('tbody tr').allInnerTexts()
    ).map(squash);
    const ratings = await page.evaluate(async () => (await window.store.getRatings()).map((r) => r.value));
    const expected = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5].map(
      (v) => `${v} ${ratings.filter((r) => r === v).length}`,
    );
    check(
      JSON.stringify(histogram) === JSON.stringify(expected),
      `histogram table matches the store: ${histogram.join(' | ')}`,
    );

    await page.evaluate(() => window.store.setRating(9, 1)); // as another tab or view would
    await page.getByRole('radiogroup', { name: 'Rate Sudden Death (1995)' }).waitFor();
    check(true, 'changes made elsewhere appear (store.subscribe)');
    await page.getByRole('button', { name: 'Clear rating of Sudden Death (1995)' }).click();
    await page.getByRole('radiogroup', { name: 'Rate Sudden Death (1995)' }).waitFor({ state: 'detached' });
    check((await storedRating(page, 9)) === null, "the control's own clear button removes the rating");

    // Arrow keys in a rating control re-rate at every step: the row must stay put and keep the focus.
    const group = page.getByRole('radiogroup', { name: 'Rate Grumpier Old Men (1995)' });
    await group.getByRole('radio', { name: '5 stars', exact: true }).focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.waitForTimeout(200);
    const focusedRadio = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    check(
      (await storedRating(page, 3)) === 4 && focusedRadio === '4 stars',
      `arrow keys re-rate and the focus stays in the control (${focusedRadio}, stored ${await storedRating(page, 3)})`,
    );

    await page.locator('h1').click();
    await page.keyboard.press('Tab');
    const ring = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement!);
      return `${document.activeElement!.tagName} ${s.outlineStyle} ${s.outlineWidth}`;
    });
    check(/ solid 3px$/.test(ring), `keyboard focus shows a 3 px ring (${ring})`);
    await page.context().close();
  }

  // ---- Settings
  {
    const page = await open('?view=settings');
    for (const [name, pattern] of [
      ['Export all data (JSON)', /^matinee-export-\d{4}-\d\d-\d\d\.json$/],
      ['Export ratings (CSV)', /^matinee-export-\d{4}-\d\d-\d\d\.csv$/],
    ] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
      const text = readFileSync((await download.path())!, 'utf8');
      const content = name.includes('JSON')
        ? (JSON.parse(text) as { format: string; ratings: unknown[] }).ratings.length === 6
        : text.startsWith('userId,movieId,rating,timestamp\n') && text.trim().split('\n').length === 7;
      check(pattern.test(download.suggestedFilename()) && content, `${name} downloads ${download.suggestedFilename()}`);
    }

    const fileInput = page.locator('input[type=file][aria-label="Import data (JSON or CSV) file"]');
    const before = await page.evaluate(async () => (await window.store.getRatings()).length);
    await fileInput.setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('bad') });
    const alert = squash(await page.getByRole('alert').textContent());
    const after = await page.evaluate(async () => (await window.store.getRatings()).length);
    check(
      alert.includes('Nothing was imported') && alert.includes('ratings.csv:3: field "rating"') && before === after,
      `a bad file imports nothing and names line and field: ${alert}`,
    );
    await fileInput.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
    check(
      squash(await page.getByRole('alert').textContent()).includes('notes.txt is neither'),
      'other files are refused',
    );
    await fileInput.setInputFiles({ name: 'good.json', mimeType: 'application/json', buffer: Buffer.from('{}') });
    const success = squash(await page.getByText(/^Imported good.json/).textContent());
    check(
      success ===
        'Imported good.json: 1 new rating, 1 updated, 1 kept (yours was newer); 1 watchlist item and 0 hidden items added.' &&
        (await page.getByRole('alert').count()) === 0,
      `a good file reports its counts: ${success}`,
    );

    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('button', { name: 'Import from Letterboxd' }).click(),
    ]);
    await chooser.setFiles({
      name: 'ratings.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Date,Name,Year,Letterboxd URI,Rating\n'),
    });
    const preview = squash(await page.getByText(/rows? matched/).textContent());
    check(
      preview === 'Letterboxd file ratings.csv: 2 rows matched, 1 row not matched. Nothing has been added yet.',
      `Letterboxd preview before applying: ${preview}`,
    );
    check(
      (await page.getByRole('cell', { name: 'Nonexistent Film (2019)' }).count()) === 1,
      'unmatched rows are listed with their reason',
    );
    await page.getByText('Show matched rows').click();
    check(
      (await page.getByRole('cell', { name: 'Sudden Death (1995)' }).count()) === 1,
      'matched rows show the dataset title',
    );
    await page.getByRole('button', { name: 'Add 2 ratings' }).click();
    const applied = squash(await page.getByText(/^Imported from Letterboxd/).textContent());
    check(applied.startsWith('Imported from Letterboxd: 0 new ratings, 2 updated.'), `after applying: ${applied}`);
    await page
      .locator('input[type=file][aria-label="Import from IMDb file"]')
      .setInputFiles({ name: 'x.csv', mimeType: 'text/csv', buffer: Buffer.from('broken') });
    check(
      squash(await page.getByRole('alert').textContent()).includes('missing column "Rating"'),
      'an unreadable IMDb file shows why',
    );

    await page.getByRole('button', { name: 'Ask the browser to keep my data' }).click();
    await page.getByText(/Storage is persistent/).waitFor();
    check(
      (await page.getByText('Using 120.6 KB of about 10 GB available to this site.').count()) === 1,
      'persistence and usage are shown',
    );

    const opener = page.getByRole('button', { name: 'Delete all data' });
    await opener.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('alertdialog', { name: 'Delete all data?' });
    await dialog.waitFor();
    check(
      (await page.evaluate(() => document.activeElement?.textContent?.trim())) === 'Cancel',
      'the dialog opens with focus on Cancel',
    );
    check((await axe(page)).length === 0, 'axe: no violations with the dialog open');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    check(
      (await page.evaluate(() => document.activeElement?.textContent?.trim())) === 'Delete all data' &&
        (await page.evaluate(async () => (await window.store.getRatings()).length)) > 0,
      'Escape cancels, keeps the data and returns focus to the button',
    );
    await opener.click();
    await page.getByRole('button', { name: 'Delete everything' }).click();
    await page.getByText('All your data on this device was deleted.').waitFor();
    check(
      (await page.evaluate(async () => (await window.store.getRatings()).length)) === 0,
      'confirming deletes everything',
    );
    await page.context().close();
  }
  {
    const page = await open('?view=you&many=60');
    const rows = page.locator('ul.md-list').first().locator('li');
    const more = page.getByRole('button', { name: 'Show more ratings (16 left)' });
    check((await rows.count()) === 50 && (await more.count()) === 1, 'a long list shows 50 rows and "Show more"');
    await more.focus();
    await page.keyboard.press('Enter');
    await more.waitFor({ state: 'detached' });
    const focused = await page.evaluate(() => document.activeElement?.closest('li')?.textContent ?? '');
    check(
      (await rows.count()) === 66 && focused === (await rows.nth(50).textContent()),
      '"Show more" reveals the rest and puts the focus on the first new row',
    );
    await page.context().close();
  }
  {
    const page = await open('?view=you&describeDelay=1500');
    const early = await ratingTitles(page);
    check(
      early.includes('Item #1') && (await page.getByText('Loading titles…').count()) === 1,
      `lists show at once while the worker is still loading titles (${early.length} rows)`,
    );
    await page.getByText('Toy Story (1995)').waitFor();
    check((await page.getByText('Loading titles…').count()) === 0, 'titles fill in when the worker answers');
    await page.context().close();
  }
  {
    const page = await open('?view=settings&storage=none');
    const alert = squash(await page.getByRole('alert').first().textContent());
    check(alert.includes('Your ratings will not be kept'), 'without IndexedDB the page says ratings will not be kept');
    await page.context().close();
  }
  check(problems.length === 0, `no console errors or warnings ${JSON.stringify(problems)}`);
} finally {
  await browser.close();
  await server.close();
}
console.log(failures === 0 ? 'all checks passed' : `${failures} check(s) failed`);
process.exit(failures === 0 ? 0 : 1);
