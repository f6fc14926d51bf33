import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { catalogueFacets } from '../../src/engine/catalogue/catalogue.ts';
import { loadDatasetFolder } from '../../src/pipeline/dataset-folder.ts';
import {
  cardsPerScreen,
  openApp,
  recommendationList,
  settledRecommendations,
} from '../../src/cli/browser/app-driver.ts';
import { axeViolations } from './axe.ts';
import { launchChromium, newRecordedContext, reportProblemsOnFailure } from './browser.ts';
import { chooseFile } from './device-helpers.ts';

// Issue 17, "made for a phone", on a 390×844 touch screen, by role and accessible name: the picker at once (import,
// "Haven't seen it", no film both there and in the list), For you opening on whole cards, cards that keep their size
// when rated, an undo message that leaves the cards' controls free, stars whose halves are reached through a
// 44 × 44 target, Undo wherever a rating changes, no reason beside a rated item, the catalogue's span where a missing
// film would puzzle, and the install button.

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const TIMEOUT_MS = 90_000;
/** The catalogue's years, from the dataset the app is built from: a fork's differ. */
const span = catalogueFacets(loadDatasetFolder('data/ml-latest-small'));
const spanText = `from ${span.firstYear} to ${span.lastYear}`;

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const picker = (page: Page) => page.getByRole('list', { name: 'Movies to rate', exact: true }).getByRole('listitem');
const notification = (page: Page) => page.getByRole('group', { name: 'Notification' });

/** Item ids of a list's entries, from their heading links (#/item/<id>). */
async function idsIn(entries: Locator): Promise<number[]> {
  const hrefs = await entries
    .getByRole('heading')
    .getByRole('link')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  return hrefs.map((href) => Number(/#\/item\/(-?\d+)$/.exec(href)?.[1]));
}

function overlaps(a: { x: number; y: number; width: number; height: number }, b: typeof a): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

test('a new user rates from the picker at once and For you opens on whole cards that keep their size and controls free', async () => {
  const { context, problems } = await newRecordedContext(browser, PHONE);
  reportProblemsOnFailure(problems);
  try {
    const page = await context.newPage();
    // A slow phone: the catalogue takes seconds to come, and the picker does not wait for it.
    let releaseSnapshot = () => {};
    const snapshotHeld = new Promise<void>((done) => (releaseSnapshot = done));
    await context.route(/snapshot-[0-9a-f]+\.bin$/, async (route) => {
      await snapshotHeld;
      await route.continue();
    });
    await openApp(page, inject('rootUrl'));
    await picker(page).first().waitFor({ timeout: TIMEOUT_MS });
    expect(await picker(page).count()).toBe(8);
    expect(await page.getByRole('progressbar', { name: 'Preparing your recommendations' }).count()).toBe(1);
    // The import of a Letterboxd or IMDb history is offered on this first screen.
    expect(await page.getByRole('button', { name: 'Import from Letterboxd or IMDb', exact: true }).isVisible()).toBe(
      true,
    );
    releaseSnapshot();

    // "Haven't seen it" swaps the card for a film not offered before.
    const offered = await idsIn(picker(page));
    const [firstTitle] = await picker(page).first().getByRole('heading').allInnerTexts();
    await picker(page)
      .first()
      .getByRole('button', { name: `Haven’t seen it: ${firstTitle!.trim()}`, exact: true })
      .click({ timeout: TIMEOUT_MS });
    await expect.poll(async () => (await idsIn(picker(page)))[0], { timeout: TIMEOUT_MS }).not.toBe(offered[0]);
    const swapped = await idsIn(picker(page));
    expect(swapped).toHaveLength(8);
    expect(offered).not.toContain(swapped[0]);

    // From the first rating the list grows above the picker, and no film is offered in both.
    await picker(page).first().getByRole('radio', { name: '4 stars', exact: true }).check();
    await settledRecommendations(page);
    const inList = await idsIn(recommendationList(page).getByRole('listitem'));
    expect(inList.length).toBeGreaterThan(0);
    expect(inList.filter((id) => swapped.includes(id))).toEqual([]);

    for (const [k, stars] of ['3 stars', '5 stars', '4.5 stars', '2 stars'].entries())
      await picker(page)
        .nth(k + 1)
        .getByRole('radio', { name: stars, exact: true })
        .click();
    await picker(page).first().waitFor({ state: 'detached' });

    // Opened again, For you shows four whole cards under one row of sort, filters and "Rate more".
    await page.reload();
    await settledRecommendations(page);
    expect(await cardsPerScreen(page, 'page'), 'whole cards as For you opens').toBeGreaterThanOrEqual(4);
    const row = await Promise.all(
      [
        page.getByRole('combobox', { name: 'Sort', exact: true }),
        page.getByRole('button', { name: 'Filters', exact: true }),
        page.getByRole('button', { name: 'Rate more movies', exact: true }),
      ].map(async (control) => (await control.boundingBox())!),
    );
    expect(Math.max(...row.map((b) => b.y)) - Math.min(...row.map((b) => b.y)), 'one row').toBeLessThan(12);

    // Each star is a 44 × 44 target: its two halves together.
    const cards = recommendationList(page).getByRole('listitem');
    const halves = await cards
      .nth(2)
      .getByRole('radio')
      .evaluateAll((radios) => radios.map((r) => r.closest('label')!.getBoundingClientRect()));
    expect(halves).toHaveLength(10);
    for (let k = 0; k < 10; k += 2) {
      const [left, right] = [halves[k]!, halves[k + 1]!];
      expect(right.right - left.left, `star ${k / 2 + 1} width`).toBeGreaterThanOrEqual(44);
      expect(Math.min(left.height, right.height), `star ${k / 2 + 1} height`).toBeGreaterThanOrEqual(44);
    }

    // A card keeps its size when rated, and the undo message leaves every card's controls free: with the fourth
    // card's controls at the bottom of the screen, where the message would rest, rating the second card shows it
    // elsewhere.
    await cards
      .nth(3)
      .getByRole('radiogroup')
      .evaluate((el) => window.scrollBy(0, el.getBoundingClientRect().bottom - window.innerHeight + 24));
    const second = cards.nth(1);
    const before = (await second.boundingBox())!;
    await second.getByRole('radio', { name: '3.5 stars', exact: true }).check();
    await notification(page).waitFor();
    await expect.poll(async () => (await second.innerText()).includes('You rated ★3.5')).toBe(true);
    expect(Math.abs((await second.boundingBox())!.height - before.height), 'card height change').toBeLessThan(0.5);
    // Where it settles once the recomputed list has come (on a slow machine that can take a moment).
    const covered = async () => {
      const toast = (await notification(page).boundingBox())!;
      const controls = await recommendationList(page)
        .locator('[role="radiogroup"], button')
        .evaluateAll((els) =>
          els
            .map((el) => el.getBoundingClientRect())
            .filter((r) => r.height > 0)
            .map(({ x, y, width, height }) => ({ x, y, width, height })),
        );
      return controls.filter((box) => overlaps(box, toast));
    };
    await expect.poll(covered, { timeout: 5_000 }).toEqual([]);

    // A second tap on the chosen half takes the other half of the star; a third, back.
    const third = cards.nth(2);
    await third.getByRole('radio', { name: '4 stars', exact: true }).click();
    await expect.poll(() => third.getByRole('radio', { checked: true }).getAttribute('aria-label')).toBe('4 stars');
    await third.getByRole('radio', { name: '4 stars', exact: true }).click();
    await expect.poll(() => third.getByRole('radio', { checked: true }).getAttribute('aria-label')).toBe('3.5 stars');
    await third.getByRole('radio', { name: '3.5 stars', exact: true }).click();
    await expect.poll(() => third.getByRole('radio', { checked: true }).getAttribute('aria-label')).toBe('4 stars');

    // The filters open as a band under the row; axe has nothing to say about any of it.
    await page.getByRole('button', { name: 'Filters', exact: true }).click();
    await page.getByRole('group', { name: 'Filters and tuning' }).waitFor();
    expect(await axeViolations(page, 'for you, filters open, a message shown')).toEqual([]);
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
});

test('every rating change says so with an Undo: from search and the item page; a rated item gives no reason', async () => {
  const { context, problems } = await newRecordedContext(browser, PHONE);
  reportProblemsOnFailure(problems);
  try {
    const page = await context.newPage();
    await openApp(page, inject('rootUrl'));
    await page.getByRole('button', { name: 'Skip', exact: true }).click({ timeout: TIMEOUT_MS });
    const search = page.getByRole('searchbox', { name: 'Search movies', exact: true });
    const result = (title: string) =>
      page
        .getByRole('list', { name: 'Search results', exact: true })
        .getByRole('listitem')
        .filter({ has: page.getByRole('heading', { name: title, exact: true }) });
    const rateByName = async (query: string, title: string, stars: string) => {
      await search.fill(query);
      const radio = result(title).getByRole('radio', { name: stars, exact: true });
      await radio.check({ timeout: TIMEOUT_MS });
      return radio;
    };

    // From search: rated, said, undone.
    const heat = await rateByName('heat', 'Heat (1995)', '4.5 stars');
    await expect.poll(() => notification(page).innerText()).toMatch(/^Rated Heat ★4\.5\./);
    await notification(page).getByRole('button', { name: 'Undo', exact: true }).click();
    await expect.poll(() => heat.isChecked()).toBe(false);

    for (const [query, title, stars] of [
      ['heat', 'Heat (1995)', '4.5 stars'],
      ['matrix', 'The Matrix (1999)', '5 stars'],
      ['toy story', 'Toy Story (1995)', '4.5 stars'],
      ['amelie', 'Amelie (2001)', '5 stars'],
      ['godfather', 'The Godfather (1972)', '4.5 stars'],
    ] as const)
      await rateByName(query, title, stars);

    // The top recommendation's page gives its predicted stars and why; once rated, neither.
    await page.getByRole('link', { name: 'For you', exact: true }).click();
    await settledRecommendations(page);
    const top = recommendationList(page).getByRole('listitem').first().getByRole('heading').getByRole('link');
    const title = (await top.innerText()).trim();
    await top.click();
    const header = page.getByRole('article').locator('header');
    await page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor();
    await expect.poll(() => header.innerText(), { timeout: TIMEOUT_MS }).toMatch(/Because you rated/);
    const stars = page.getByRole('radiogroup', { name: `Rate ${title}`, exact: true });
    await stars.getByRole('radio', { name: '3 stars', exact: true }).check();
    await expect.poll(() => header.innerText()).not.toMatch(/Because you rated|We think you would rate it/);

    // From the item page: said, and undone.
    await expect.poll(() => notification(page).innerText()).toMatch(/^Rated .+ ★3\./);
    await notification(page).getByRole('button', { name: 'Undo', exact: true }).click();
    await expect.poll(() => stars.getByRole('radio', { checked: true }).count()).toBe(0);
    await expect.poll(() => header.innerText(), { timeout: TIMEOUT_MS }).toMatch(/We think you would rate it/);

    // The catalogue's span, where a missing film would puzzle: a search that finds nothing, Newest, About.
    await search.fill('oppenheimer');
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: '“oppenheimer”' }).innerText(), { timeout: TIMEOUT_MS })
      .toContain(spanText);
    await page.getByRole('link', { name: 'For you', exact: true }).click();
    await settledRecommendations(page);
    await page.getByRole('combobox', { name: 'Sort', exact: true }).selectOption('newest');
    await expect.poll(() => page.getByRole('main').innerText()).toContain(`movies ${spanText}. Newer movies`);
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await expect
      .poll(() => page.getByRole('region', { name: 'About the data' }).innerText())
      .toContain(`${span.firstYear} to ${span.lastYear}`);
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
});

test('the first screen imports a Letterboxd history, saying which films the catalogue is too old for; the browser’s install offer gets a button', async () => {
  const { context, problems } = await newRecordedContext(browser, PHONE);
  reportProblemsOnFailure(problems);
  try {
    const page = await context.newPage();
    await openApp(page, inject('rootUrl'));
    await page.getByRole('button', { name: 'Import from Letterboxd or IMDb', exact: true }).click();
    await page.getByRole('heading', { name: 'Import from Letterboxd or IMDb', level: 2 }).waitFor();
    const csv = [
      'Date,Name,Year,Letterboxd URI,Rating',
      '2024-01-02,Heat,1995,https://boxd.it/a,4.5',
      `2024-01-03,Parasite,${span.lastYear + 1},https://boxd.it/b,5`,
    ].join('\n');
    await chooseFile(page, 'Import from Letterboxd', 'ratings.csv', `${csv}\n`);
    const missed = page.getByRole('region', { name: 'Rows not matched' });
    await expect
      .poll(() => missed.innerText(), { timeout: TIMEOUT_MS })
      .toContain(`not in the catalogue: it ends in ${span.lastYear}`);
    expect(await axeViolations(page, 'import on the first screen')).toEqual([]);
    await page.getByRole('button', { name: 'Add 1 rating', exact: true }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Imported from Letterboxd' }).count(), {
        timeout: TIMEOUT_MS,
      })
      .toBe(1);
    // The imported rating grows the first recommendations, under the import's report.
    await settledRecommendations(page);
    await page.getByRole('button', { name: 'Close the import', exact: true }).click();
    await page.getByRole('heading', { name: 'Import from Letterboxd or IMDb' }).waitFor({ state: 'detached' });

    // Chromium offers to install (beforeinstallprompt): the header's Install button shows it, once.
    const install = page.getByRole('button', { name: 'Install Matinee', exact: true });
    expect(await install.count()).toBe(0);
    await page.evaluate(() => {
      const offer = Object.assign(new Event('beforeinstallprompt', { cancelable: true }), {
        prompt: async () => void ((window as unknown as { __prompted: number }).__prompted = 1),
        userChoice: Promise.resolve({ outcome: 'accepted' }),
      });
      window.dispatchEvent(offer);
    });
    await install.click();
    expect(await page.evaluate(() => (window as unknown as { __prompted?: number }).__prompted)).toBe(1);
    await install.waitFor({ state: 'detached' });
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
});
