/**
 * npx tsx src/cli/phone-figures.ts [--url URL]: what a new user sees on a 390×844 phone after rating the profile
 * of issue 10 (The Matrix 5, Toy Story 4.5, Heat 4, Titanic 1, Amélie 5) by search: how many whole recommendation
 * cards show as For you opens and on one screen with the list scrolled to its top (each card's stars a tappable
 * size), and the top 10 with their printed stars under each sort the For you view offers (Top picks alone where
 * there is no sort control).
 * Builds the app from the current source unless --url names one already served. Not a test: it prints figures.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { cardsPerScreen, recommendationList, settledRecommendations } from './browser/app-driver.ts';
import { buildApp, newRunDir } from './browser/build-app.ts';
import { launchChromium } from './browser/headless-chromium.ts';
import { fail, parseCli } from './cli-args.ts';
import { startStaticServer, type StaticServer } from './serve.ts';

/** The profile, by MovieLens id: found by its id's link, so it works whichever way a build prints titles. */
const PROFILE = [
  { query: 'matrix', id: 2571, stars: 5 },
  { query: 'toy story', id: 1, stars: 4.5 },
  { query: 'heat', id: 6, stars: 4 },
  { query: 'titanic', id: 1721, stars: 1 },
  { query: 'amelie', id: 4973, stars: 5 },
];
const PHONE = { width: 390, height: 844 };
const READY_TIMEOUT_MS = 120_000;

const { values } = parseCli({
  name: 'phone-figures',
  command: 'npx tsx src/cli/phone-figures.ts',
  about:
    'What a new user sees on a 390×844 phone after rating a five-movie profile by search: whole cards as For you\n' +
    'opens and on one screen, and the top 10 with their stars under each sort. Builds the app from DATASET unless --url is given.',
  dataset: true,
  flags: { url: { type: 'string', value: 'URL', help: 'an app already served, instead of a fresh build' } },
});
if (values.url !== undefined && !URL.canParse(values.url)) fail(`--url must be a URL, got "${values.url}"`);

/** The first ten cards as "title  ★stars". */
async function topTen(page: Page): Promise<string[]> {
  const cards = await recommendationList(page).getByRole('listitem').all();
  return Promise.all(
    cards.slice(0, 10).map(async (card) => {
      const title = (await card.getByRole('heading').first().innerText()).trim();
      const stars = /Predicted (★[\d.]+)/.exec(await card.innerText())?.[1] ?? '';
      return `${title}  ${stars}`;
    }),
  );
}

/** The option value of a sort label. */
function valueOf(page: Page, label: string): Promise<string> {
  return page
    .getByRole('combobox', { name: 'Sort', exact: true })
    .getByRole('option', { name: label, exact: true })
    .evaluate((o) => (o as HTMLOptionElement).value);
}

/**
 * Starts watching the list; the answer resolves once it has been busy and is settled again, i.e. the next list
 * replaced the one shown now.
 */
async function watchNextList(page: Page): Promise<() => Promise<void>> {
  await recommendationList(page).evaluate((el) => {
    (window as unknown as { __nextList: Promise<void> }).__nextList = new Promise((done) => {
      let busy = false;
      new MutationObserver((_, observer) => {
        busy ||= el.getAttribute('aria-busy') === 'true';
        if (!busy || el.getAttribute('aria-busy') !== 'false') return;
        observer.disconnect();
        done();
      }).observe(el, { attributes: true, attributeFilter: ['aria-busy'] });
    });
  });
  return () => page.evaluate(() => (window as unknown as { __nextList: Promise<void> }).__nextList);
}

let server: StaticServer | null = null;
const runDir = newRunDir('phone-figures');
let url = values.url;
if (!url) {
  console.log('building the app…');
  await buildApp(join(runDir, 'dist'), 'phone-figures');
  server = await startStaticServer({ root: join(runDir, 'dist'), basePath: '/' });
  url = server.url;
}
const browser = await launchChromium();
try {
  const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(url);
  const search = page.getByRole('searchbox', { name: 'Search movies', exact: true });
  for (const { query, id, stars } of PROFILE) {
    await search.fill(query);
    const entry = page
      .getByRole('list', { name: 'Search results' })
      .getByRole('listitem')
      .filter({ has: page.locator(`h2 a[href$="#/item/${id}"]`) });
    await entry.getByRole('radio', { name: `${stars} ${stars === 1 ? 'star' : 'stars'}`, exact: true }).check({
      timeout: READY_TIMEOUT_MS,
    });
  }
  await page.getByRole('link', { name: 'For you', exact: true }).click();
  // A build whose picker stays open until the user says so: say so, as the user would before reading the list.
  const done = page.getByRole('button', { name: 'Done', exact: true });
  if (await done.isVisible()) await done.click();
  await settledRecommendations(page);
  await page.evaluate(() => window.scrollTo(0, 0));
  console.log(`whole cards as For you opens (${PHONE.width}×${PHONE.height}): ${await cardsPerScreen(page, 'page')}`);
  console.log(`whole cards on one screen, the list scrolled to its top: ${await cardsPerScreen(page)}`);

  const sort = page.getByRole('combobox', { name: 'Sort', exact: true });
  const sorts = (await sort.count()) > 0 ? await sort.getByRole('option').allInnerTexts() : ['Top picks'];
  for (const label of sorts) {
    if ((await sort.count()) > 0 && (await sort.inputValue()) !== (await valueOf(page, label))) {
      const nextList = await watchNextList(page);
      await sort.selectOption({ label });
      await nextList();
    }
    await settledRecommendations(page);
    console.log(`\n${label}:`);
    for (const [k, line] of (await topTen(page)).entries()) console.log(`${String(k + 1).padStart(3)}. ${line}`);
  }
  await context.close();
} finally {
  await browser.close();
  await server?.close();
  await rm(runDir, { recursive: true, force: true });
}
