/**
 * The "Your data" and "Settings" views in headless Chromium, mounted alone by test/e2e/yourdata-harness on the real
 * in-memory UserStore with small stand-ins for the worker, so every branch (unknown ids, slow titles, long lists, a
 * failing import, no IndexedDB, a 1-10 scale) is reachable on demand: every control by its accessible name, keyboard
 * and dialog focus, axe-core (WCAG 2.1 AA + best practice), no horizontal scrolling at 320 px in light and dark,
 * downloads named matinee-export-YYYY-MM-DD, imports all-or-nothing with the error shown. The same views inside the
 * built app are covered by the journey tests (app-movies, app-board-games).
 */
import { readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Browser, Locator, Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest';
import { launchChromium, reportProblemsOnFailure } from './browser.ts';

const repo = resolve('.');
// Not node_modules/.vite, which other dev servers use; one per process so two runs never share one.
const viteCache = join(tmpdir(), `matinee-yourdata-e2e-vite-${process.pid}`);
let server: ViteDevServer;
let base: string;
let browser: Browser;
let axeSource: string;
/** Console errors and warnings and uncaught errors of the current test's pages: there must be none. */
let problems: string[];

beforeAll(async () => {
  server = await createServer({
    configFile: false,
    root: resolve('test/e2e/yourdata-harness'),
    logLevel: 'error',
    cacheDir: viteCache,
    plugins: [svelte({ configFile: join(repo, 'svelte.config.js') })],
    server: { port: 0, host: '127.0.0.1', fs: { allow: [repo] } },
  });
  await server.listen();
  base = server.resolvedUrls!.local[0]!;
  [browser, axeSource] = await Promise.all([
    launchChromium(),
    readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(viteCache, { recursive: true, force: true });
});
beforeEach(() => {
  problems = [];
  reportProblemsOnFailure(problems);
});
afterEach(() => {
  expect(problems).toEqual([]);
});

// An alert's text is read by polling: the previous file's alert stays up until the new answer replaces it.
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

/** axe-core with WCAG 2.1 A/AA and best practice (stricter than the app-wide check: these views are small). */
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

/** Whether the element's box lies wholly inside the viewport (to the pixel: scrolling leaves fractions). */
const inViewport = (target: Locator) =>
  target.evaluate((el) => {
    const box = el.getBoundingClientRect();
    return box.top >= -1 && box.left >= -1 && box.bottom <= innerHeight + 1 && box.right <= innerWidth + 1;
  });
const overflows = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
const ratingTitles = (page: Page) =>
  // The first line of each row: its title, a link to the item's page once the dataset has described it.
  page.locator('ul.md-list').first().locator('li .md-item-text > :first-child').allTextContents();
const storedRating = (page: Page, item: number) =>
  page.evaluate(async (id) => (await window.store.getRatings()).find((r) => r.item === id)?.value ?? null, item);
const storedCount = (page: Page) => page.evaluate(async () => (await window.store.getRatings()).length);
const focusedLabel = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim());

test('Your data, Settings and Your data on a 1-10 scale pass axe and do not scroll sideways at 320 px, light and dark', async () => {
  const findings: { view: string; scheme: string; violations: string[]; overflows: boolean }[] = [];
  for (const view of ['you', 'settings', 'you&scale=10'])
    for (const dark of [false, true]) {
      const page = await open(`?view=${view}`, { dark });
      findings.push({
        view,
        scheme: dark ? 'dark' : 'light',
        violations: await axe(page),
        overflows: await overflows(page),
      });
      await page.context().close();
    }
  expect(findings.filter((f) => f.violations.length > 0 || f.overflows)).toEqual([]);
});

test('Your data: headings, titles, sorting, re-rating, removals with focus kept, histogram, live updates, arrow keys, focus ring', async () => {
  const page = await open('?view=you');
  try {
    const headings = await page.$$eval('h1, h2', (hs) => hs.map((h) => `${h.tagName} ${h.textContent?.trim()}`));
    expect(headings).toEqual([
      'H1 Your data',
      'H2 Your ratings',
      'H2 Watchlist',
      'H2 Not interested',
      'H2 About your ratings',
    ]);
    expect(await page.getByText('Unknown item #999999').count(), 'an id the dataset lacks is named by id').toBe(1);
    expect(await page.getByText('Rated on an unknown date').count(), 'time 0 reads "unknown date"').toBe(1);

    expect((await ratingTitles(page))[0], 'default order: newest first').toBe('Father of the Bride Part II (1995)');
    await page.getByLabel('Sort by').selectOption('title');
    expect((await ratingTitles(page))[0], 'by title: A first').toBe('Father of the Bride Part II (1995)');
    await page.getByRole('button', { name: /Sort direction/ }).click();
    expect((await ratingTitles(page))[0], 'direction button reverses: Z first').toBe('Waiting to Exhale (1995)');
    await page.getByLabel('Sort by').selectOption('rating');
    expect((await ratingTitles(page))[0], 'by rating: best first').toBe('Grumpier Old Men (1995)');

    // Re-rating with the shared control saves it and is announced.
    await page
      .getByRole('radiogroup', { name: 'Rate Jumanji (1995)' })
      .getByRole('radio', { name: '5 stars', exact: true })
      .check();
    await page.getByText('Rated Jumanji 5.').waitFor({ state: 'attached' });
    expect(await storedRating(page, 2)).toBe(5);

    const toyStory = await page.evaluate(async () => (await window.store.getRatings()).find((r) => r.item === 1));
    await page.getByRole('button', { name: 'Remove rating for Toy Story (1995)' }).click();
    await page.getByText('Toy Story (1995)').waitFor({ state: 'detached' });
    expect(await storedRating(page, 1), '"Remove" deletes the rating').toBeNull();
    // It says so where it is seen, with an Undo that puts the very record back (value and date).
    const notice = page.getByRole('status').filter({ hasText: 'Removed your rating for Toy Story.' });
    expect(await inViewport(notice.getByText('Removed your rating for Toy Story.'))).toBe(true);
    await notice.getByRole('button', { name: 'Undo', exact: true }).click();
    await page.getByRole('radiogroup', { name: 'Rate Toy Story (1995)' }).waitFor();
    expect(
      await page.evaluate(async () => (await window.store.getRatings()).find((r) => r.item === 1)),
      'Undo restores the rating as it was',
    ).toEqual(toyStory);
    await page.getByRole('button', { name: 'Remove rating for Toy Story (1995)' }).click();
    await page.getByText('Toy Story (1995)').waitFor({ state: 'detached' });

    // Rating a watchlist item adds the rating and keeps it listed, as the rest of the app does.
    await page
      .getByRole('radiogroup', { name: 'Rate Heat (1995)' })
      .getByRole('radio', { name: '4.5 stars', exact: true })
      .check();
    await page.getByRole('button', { name: 'Remove rating for Heat (1995)' }).waitFor();
    expect(await storedRating(page, 6)).toBe(4.5);
    expect(await page.getByRole('button', { name: 'Remove Heat (1995) from watchlist' }).count()).toBe(1);

    // After a removal the focus moves to the next row.
    await page.getByRole('button', { name: 'Remove Heat (1995) from watchlist' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Remove Heat (1995) from watchlist' }).waitFor({ state: 'detached' });
    expect(await focusedLabel(page)).toBe('Remove The American President (1995) from watchlist');
    await page.getByRole('button', { name: 'Remove The American President (1995) from watchlist' }).click();
    await page.getByText('Your watchlist is empty.').waitFor();

    await page.getByRole('button', { name: 'Restore Tom and Huck (1995) to recommendations' }).click();
    await page.getByText('Nothing is hidden from your recommendations.').waitFor();
    expect(await page.evaluate(async () => (await window.store.getList('hidden')).length), 'hidden is restorable').toBe(
      0,
    );

    const histogram = (
      await page.getByRole('table', { name: 'How often you gave each rating' }).locator('tbody tr').allInnerTexts()
    ).map(squash);
    const ratings = await page.evaluate(async () => (await window.store.getRatings()).map((r) => r.value));
    const expected = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5].map(
      (v) => `${v} ${ratings.filter((r) => r === v).length}`,
    );
    expect(histogram, 'histogram table matches the store').toEqual(expected);
    // The bars are to scale: each as long, next to the table's longest, as its count says (an empty one keeps its
    // 2 px of border).
    for (const name of ['How often you gave each rating', 'Your top genres']) {
      const bars = await page
        .getByRole('table', { name })
        .locator('tbody tr')
        .evaluateAll((rows) =>
          rows.map((row) => ({
            count: Number(row.querySelectorAll('td')[0]!.innerText.trim()),
            width: row.querySelector('td [aria-hidden="true"] > *')!.getBoundingClientRect().width,
          })),
        );
      expect(bars.length, name).toBeGreaterThan(1);
      const longest = bars.reduce((a, b) => (b.count > a.count ? b : a));
      for (const bar of bars)
        expect(Math.abs(bar.width - (bar.count / longest.count) * longest.width), `${name}: ${bar.count}`).toBeLessThan(
          2.5,
        );
    }

    // Changes made elsewhere (another tab or view) appear, through store.subscribe.
    await page.evaluate(() => window.store.setRating(9, 1));
    const suddenDeath = page
      .getByRole('region', { name: 'Your ratings' })
      .getByRole('listitem')
      .filter({ has: page.getByRole('radiogroup', { name: 'Rate Sudden Death (1995)' }) });
    await suddenDeath.waitFor();
    // One control per row takes a rating away: its Remove, with no second × beside the stars doing the same.
    expect(
      await suddenDeath.getByRole('button').evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-label'))),
    ).toEqual(['Remove rating for Sudden Death (1995)']);
    await suddenDeath.getByRole('button', { name: 'Remove rating for Sudden Death (1995)' }).click();
    await page.getByRole('radiogroup', { name: 'Rate Sudden Death (1995)' }).waitFor({ state: 'detached' });
    expect(await storedRating(page, 9), 'the row’s Remove removes the rating').toBeNull();

    // Arrow keys in a rating control rate once the user pauses: the steps are not saved, the row stays put and
    // keeps the focus.
    const group = page.getByRole('radiogroup', { name: 'Rate Grumpier Old Men (1995)' });
    await group.getByRole('radio', { name: '5 stars', exact: true }).focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect(await storedRating(page, 3), 'nothing saved while stepping').toBe(5);
    await expect.poll(() => storedRating(page, 3)).toBe(4);
    expect(await focusedLabel(page)).toBe('4 stars');

    await page.locator('h1').click();
    await page.keyboard.press('Tab');
    const ring = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement!);
      return `${document.activeElement!.tagName} ${s.outlineStyle} ${s.outlineWidth}`;
    });
    expect(ring, 'keyboard focus shows a 3 px ring').toMatch(/ solid 3px$/);
  } finally {
    await page.context().close();
  }
});

test('Settings: dated downloads, all-or-nothing imports with the reason shown, Letterboxd/IMDb, storage, delete dialog', async () => {
  const page = await open('?view=settings');
  try {
    // Each export names its file on screen, within the phone's first screen.
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [name, pattern] of [
      ['Export all data (JSON)', /^matinee-export-\d{4}-\d\d-\d\d\.json$/],
      ['Export ratings (CSV)', /^matinee-export-\d{4}-\d\d-\d\d\.csv$/],
      ['Export ratings for Letterboxd', /^matinee-letterboxd-\d{4}-\d\d-\d\d\.csv$/],
    ] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
      const text = await readFile((await download.path())!, 'utf8');
      expect(download.suggestedFilename()).toMatch(pattern);
      const said = page.getByText(`Saved ${download.suggestedFilename()}.`);
      await said.waitFor();
      await expect.poll(() => inViewport(said), { message: `the outcome of "${name}" is on screen` }).toBe(true);
      const lines = text.trim().split('\n');
      if (name.includes('JSON')) expect((JSON.parse(text) as { ratings: unknown[] }).ratings).toHaveLength(6);
      else if (name.includes('Letterboxd')) {
        // The id the harness's dataset lacks cannot be named, so it is left out, and the outcome says so.
        expect(lines[0]).toBe('imdbID,Title,Year,Rating,WatchedDate');
        expect(lines).toContain('tt0100001,Toy Story,1995,4,2026-11-01');
        expect(lines).toHaveLength(6);
        expect(squash(await said.textContent())).toMatch(/5 ratings for Letterboxd.*1 rating of items not in this/);
      } else {
        expect(lines[0]).toBe('userId,movieId,rating,timestamp,title,year');
        expect(lines).toContain('0,1,4,1793491200,Toy Story,1995');
        expect(lines).toHaveLength(7);
      }
    }

    // A bad file imports nothing and names line and field.
    const fileInput = page.locator('input[type=file][aria-label="Import data (JSON or CSV) file"]');
    const before = await storedCount(page);
    await fileInput.setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('bad') });
    const alert = squash(await page.getByRole('alert').textContent());
    expect(alert).toContain('Nothing was imported');
    expect(alert).toContain('ratings.csv:3: field "rating"');
    await expect.poll(() => inViewport(page.getByRole('alert')), { message: 'the reason is on screen' }).toBe(true);
    expect(await storedCount(page)).toBe(before);
    // Other files are refused.
    await fileInput.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
    await expect
      .poll(async () => squash(await page.getByRole('alert').textContent()))
      .toContain('notes.txt is neither');
    // A good file reports its counts and clears the error.
    await fileInput.setInputFiles({ name: 'good.json', mimeType: 'application/json', buffer: Buffer.from('{}') });
    const imported = page.getByText(/^Imported good.json/);
    expect(squash(await imported.textContent())).toBe(
      'Imported good.json: 1 new rating, 1 updated, 1 kept (yours was newer); 1 watchlist item and 0 hidden items added.',
    );
    await expect.poll(() => inViewport(imported), { message: 'the import report is on screen' }).toBe(true);
    expect(await page.getByRole('alert').count()).toBe(0);
    // The same file again changes nothing, and says so.
    await fileInput.setInputFiles({ name: 'good.json', mimeType: 'application/json', buffer: Buffer.from('{}') });
    expect(squash(await page.getByText(/^Nothing changed from good.json/).textContent())).toBe(
      'Nothing changed from good.json: 1 kept (yours was newer), 2 already the same.',
    );

    // Letterboxd: a preview first, unmatched rows with their reason, matched rows with the dataset title.
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('button', { name: 'Import from Letterboxd' }).click(),
    ]);
    await chooser.setFiles({
      name: 'ratings.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Date,Name,Year,Letterboxd URI,Rating\n'),
    });
    expect(squash(await page.getByText(/rows? matched/).textContent())).toBe(
      'Letterboxd file ratings.csv: 2 rows matched, 1 row not matched. Nothing has been added yet.',
    );
    expect(await page.getByRole('cell', { name: 'Nonexistent Film (2019)' }).count()).toBe(1);
    await page.getByText('Show matched rows').click();
    expect(await page.getByRole('cell', { name: 'Sudden Death (1995)' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Add 2 ratings' }).click();
    expect(squash(await page.getByText(/^Imported from Letterboxd/).textContent())).toMatch(
      /^Imported from Letterboxd: 2 updated\./,
    );
    // An unreadable IMDb file shows why.
    await page
      .locator('input[type=file][aria-label="Import from IMDb file"]')
      .setInputFiles({ name: 'x.csv', mimeType: 'text/csv', buffer: Buffer.from('broken') });
    await expect
      .poll(async () => squash(await page.getByRole('alert').textContent()))
      .toContain('missing column "Rating"');

    // Replacing everything with a file that holds nothing empties the store: that is no "Nothing changed".
    const replace = page.getByRole('checkbox', { name: /Replace all my current data/ });
    await replace.check();
    await fileInput.setInputFiles({ name: 'empty.json', mimeType: 'application/json', buffer: Buffer.from('empty') });
    await page.getByText(/^Imported empty.json: 0 new ratings/).waitFor();
    expect(await storedCount(page)).toBe(0);
    await replace.uncheck();
    await fileInput.setInputFiles({ name: 'good.json', mimeType: 'application/json', buffer: Buffer.from('{}') });
    await page.getByText(/^Imported good.json/).waitFor();

    // Persistence and usage are shown.
    await page.getByRole('button', { name: 'Ask the browser to keep my data' }).click();
    await page.getByText(/Storage is persistent/).waitFor();
    expect(await page.getByText('Using 120.6 KB of about 10 GB available to this site.').count()).toBe(1);

    // The delete dialog opens on Cancel, passes axe, Escape cancels and returns the focus; confirming deletes all.
    const opener = page.getByRole('button', { name: 'Delete all data' });
    await opener.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('alertdialog', { name: 'Delete all data?' });
    await dialog.waitFor();
    expect(await focusedText(page)).toBe('Cancel');
    expect(await axe(page), 'axe with the dialog open').toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await focusedText(page)).toBe('Delete all data');
    expect(await storedCount(page)).toBeGreaterThan(0);
    await opener.click();
    await page.getByRole('button', { name: 'Delete everything' }).click();
    await page.getByText('All your data on this device was deleted.').waitFor();
    expect(await storedCount(page)).toBe(0);
  } finally {
    await page.context().close();
  }
});

test('a long list shows 50 rows; "Show more" reveals the rest and focuses the first new row', async () => {
  const page = await open('?view=you&many=60');
  try {
    const rows = page.locator('ul.md-list').first().locator('li');
    const more = page.getByRole('button', { name: 'Show more ratings (16 left)' });
    expect(await rows.count()).toBe(50);
    expect(await more.count()).toBe(1);
    await more.focus();
    await page.keyboard.press('Enter');
    await more.waitFor({ state: 'detached' });
    expect(await rows.count()).toBe(66);
    const focused = await page.evaluate(() => document.activeElement?.closest('li')?.textContent ?? '');
    expect(focused).toBe(await rows.nth(50).textContent());
  } finally {
    await page.context().close();
  }
});

test('the lists show at once while the worker is still loading titles, which fill in when it answers', async () => {
  const page = await open('?view=you&describeDelay=1500');
  try {
    expect(await ratingTitles(page)).toContain('Item #1');
    expect(await page.getByText('Loading titles…').count()).toBe(1);
    await page.getByText('Toy Story (1995)').waitFor();
    expect(await page.getByText('Loading titles…').count()).toBe(0);
  } finally {
    await page.context().close();
  }
});

test('without IndexedDB, Settings says ratings will not be kept', async () => {
  const page = await open('?view=settings&storage=none');
  try {
    expect(squash(await page.getByRole('alert').first().textContent())).toContain('Your ratings will not be kept');
  } finally {
    await page.context().close();
  }
});
