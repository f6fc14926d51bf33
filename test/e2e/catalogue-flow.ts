import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { recommendationList, settledRecommendations } from '../../src/cli/browser/app-driver.ts';
import { checkView, type DatasetCase, type ViewReport } from './app-flow.ts';

// Issue 10's catalogue on a phone, after the new-user journey has rated Heat, Toy Story, The Matrix, The Godfather
// and Titanic: titles as people write them, item pages that lead on (tags, similar items, Your data), search that
// matches word starts and forgives a typo, and filters that offer only what has items. By role and name only.

const TIMEOUT_MS = 90_000;

function searchResults(page: Page): Locator {
  return page.getByRole('list', { name: 'Search results', exact: true });
}

async function search(page: Page, c: DatasetCase, query: string): Promise<string[]> {
  await page.getByRole('searchbox', { name: `Search ${c.noun}s`, exact: true }).fill(query);
  const status = page.getByRole('status').filter({ hasText: `“${query}”` });
  await status.waitFor({ timeout: TIMEOUT_MS });
  if ((await searchResults(page).count()) === 0) return [];
  return searchResults(page).getByRole('heading').allInnerTexts();
}

/** Ratings per item id in a MovieLens-layout folder's ratings.csv. */
export function ratingCounts(folder: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const line of readFileSync(`${folder}/ratings.csv`, 'utf8').split('\n').slice(1)) {
    const id = Number(line.split(',')[1]);
    if (line !== '') counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** Ids of the `n` most rated items of a MovieLens folder, ties at the boundary included. */
function mostRated(folder: string, n: number): Set<number> {
  const sorted = [...ratingCounts(folder).entries()].sort((a, b) => b[1] - a[1]);
  const floor = sorted[n - 1]![1];
  return new Set(sorted.filter(([, count]) => count >= floor).map(([id]) => id));
}

export async function catalogueJourney(page: Page, c: DatasetCase, report: ViewReport): Promise<void> {
  // Search: word starts only, one typo forgiven, and the years covered when nothing matches.
  const heat = await search(page, c, 'heat');
  expect(heat[0]).toBe('Heat (1995)');
  expect(heat.filter((t) => /theater/i.test(t))).toEqual([]);
  expect((await search(page, c, 'godfathr'))[0]).toBe('The Godfather (1972)');
  expect(await search(page, c, 'oppenheimer')).toEqual([]);
  await expect
    .poll(() => page.getByRole('status').filter({ hasText: '“oppenheimer”' }).innerText(), { timeout: TIMEOUT_MS })
    .toMatch(/from 1\d{3} to 2018/);

  // A display title with its original title under it, in the results and on the item page.
  expect(await search(page, c, 'amelie')).toContain('Amelie (2001)');
  const amelie = searchResults(page)
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: 'Amelie (2001)', exact: true }) });
  await expect.poll(() => amelie.innerText()).toContain("Le Fabuleux destin d'Amélie Poulain");
  // Results of a user with ratings show predicted stars and a watchlist toggle.
  await expect.poll(() => amelie.innerText()).toMatch(/Predicted ★\d/);
  const watch = amelie.getByRole('button', { name: 'Watchlist: Amelie (2001)', exact: true });
  await watch.click();
  await expect.poll(() => watch.getAttribute('aria-pressed')).toBe('true');
  await amelie.getByRole('heading').getByRole('link').click();
  await page.getByRole('heading', { level: 1, name: 'Amelie (2001)', exact: true }).waitFor();
  expect(await page.getByRole('main').innerText()).toContain("Le Fabuleux destin d'Amélie Poulain");

  // Similar items show predicted stars, and mark one the user has rated, with the rating.
  const similar = page.getByRole('region', { name: `Similar ${c.noun}s` }).getByRole('listitem');
  const unrated = similar.filter({ hasText: /Predicted ★\d/ }).first();
  await unrated.waitFor({ timeout: TIMEOUT_MS });
  const neighbour = (await unrated.getByRole('link').innerText()).trim();
  await unrated.getByRole('link').click();
  await page.getByRole('heading', { level: 1, name: neighbour, exact: true }).waitFor();
  await page
    .getByRole('radiogroup', { name: `Rate ${neighbour}`, exact: true })
    .getByRole('radio', { name: '4.5 stars', exact: true })
    .check();
  await page.goBack();
  await page.getByRole('heading', { level: 1, name: 'Amelie (2001)', exact: true }).waitFor();
  const rated = similar.filter({ has: page.getByRole('link', { name: neighbour, exact: true }) });
  await expect.poll(() => rated.innerText(), { timeout: TIMEOUT_MS }).toMatch(/You rated ★4\.5/);
  expect(await rated.innerText()).not.toMatch(/Predicted/);

  // A tag leads to the items with that tag, each with its stars and a rating control.
  const tag = page.getByRole('region', { name: 'Tags' }).getByRole('link').first();
  const tagName = (await tag.innerText()).trim();
  await tag.click();
  await page.getByRole('heading', { level: 1, name: `Tagged “${tagName}”`, exact: true }).waitFor();
  const tagged = page.getByRole('list', { name: `Tagged “${tagName}”`, exact: true }).getByRole('listitem');
  await tagged.first().waitFor({ timeout: TIMEOUT_MS });
  for (const entry of await tagged.all()) {
    const title = (await entry.getByRole('heading').innerText()).trim();
    expect(await entry.innerText(), title).toMatch(/(Predicted|You rated) ★\d/);
    expect(await entry.getByRole('radiogroup', { name: `Rate ${title}`, exact: true }).count(), title).toBe(1);
  }
  await checkView(page, c, 'browse by tag', report);

  // Your data: every rated title links to its page.
  await page.getByRole('link', { name: 'Your data', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Your data', exact: true }).waitFor();
  const ratings = page.getByRole('region', { name: 'Your ratings' });
  for (const title of ['The Matrix (1999)', 'Heat (1995)', neighbour])
    await ratings.getByRole('link', { name: title, exact: true }).waitFor({ timeout: TIMEOUT_MS });
  await ratings.getByRole('link', { name: 'The Matrix (1999)', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'The Matrix (1999)', exact: true }).waitFor();

  // Filters: no decade without items; on a phone the open panel leaves the list in view.
  await page.getByRole('link', { name: 'For you', exact: true }).click();
  await settledRecommendations(page);
  const panel = page.getByRole('button', { name: 'Filters', exact: true });
  await panel.click();
  expect(await panel.getAttribute('aria-expanded')).toBe('true');
  const decades = await page.getByRole('combobox', { name: 'Decade', exact: true }).locator('option').allInnerTexts();
  expect(decades).not.toContain('2020s');
  expect(decades.at(-1)).toBe('1900s');
  await panel.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  const first = await recommendationList(page).getByRole('listitem').first().boundingBox();
  expect(first!.y, 'the first recommendation is on screen below the open panel').toBeLessThan(844 - 100);

  // At the obscure end, none of the first 10 is among the catalogue's 100 most rated.
  const hits = mostRated('data/ml-latest-small', 100);
  const obscure = page.getByRole('slider', { name: 'Popular or obscure', exact: true });
  await obscure.focus();
  await page.keyboard.press('Home');
  await expect.poll(() => obscure.getAttribute('aria-valuetext')).toBe('favour obscure');
  await expect
    .poll(async () => (await settledRecommendations(page)).slice(0, 10).filter((r) => hits.has(r.id)), {
      timeout: TIMEOUT_MS,
    })
    .toEqual([]);
  await checkView(page, c, 'for you, filters open', report);
}
