import type { Locator, Page } from 'playwright-core';

// Drives the app the way a user (or a screen reader) does: by role and accessible name, per the accessibility
// contract — radiogroup "Rate <title>" with radios "<n> stars", list "Recommended for you", link "For you",
// search box "Search movies". No CSS classes, so the tests survive restyling.

export interface RatedItem {
  id: number;
  title: string;
}

const RECOMMENDATION_TIMEOUT_MS = 90_000;

export function recommendationList(page: Page): Locator {
  return page.getByRole('list', { name: 'Recommended for you' });
}

/** Opens the app and waits for its shell (the "For you" link is there before the worker is ready). */
export async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('link', { name: 'For you', exact: true }).waitFor();
}

/** The item an entry (list item with a heading link to #/item/<id>) is about. */
async function itemOf(entry: Locator): Promise<RatedItem> {
  const link = entry.getByRole('heading').getByRole('link');
  const [title, href] = await Promise.all([link.innerText(), link.getAttribute('href')]);
  const id = Number(/#\/item\/(-?\d+)/.exec(href ?? '')?.[1]);
  if (!Number.isInteger(id)) throw new Error(`entry link ${href} names no item`);
  return { id, title: title.trim() };
}

async function rateEntry(entry: Locator, stars: number): Promise<RatedItem> {
  const item = await itemOf(entry);
  await entry
    .getByRole('radiogroup', { name: `Rate ${item.title}`, exact: true })
    .getByRole('radio', { name: `${stars} stars`, exact: true })
    .check();
  return item;
}

/** Resolves once a service worker controls the page, i.e. its install (the precache) finished and it activated. */
export async function waitForServiceWorkerControl(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated', undefined, {
    timeout: 60_000,
  });
}

/** Rates the first suggestion of the new-user onboarding ("Movies to rate"). */
export async function rateOnboardingCandidate(page: Page, position: number, stars: number): Promise<RatedItem> {
  const candidates = page.getByRole('list', { name: 'Movies to rate' }).getByRole('listitem');
  await candidates.nth(position).waitFor({ timeout: RECOMMENDATION_TIMEOUT_MS });
  return rateEntry(candidates.nth(position), stars);
}

/** Waits until the recommendation list is settled (not busy) and non-empty; returns its items in order. */
export async function settledRecommendations(page: Page): Promise<RatedItem[]> {
  const list = recommendationList(page);
  await list.and(page.locator('[aria-busy="false"]')).getByRole('listitem').first().waitFor({
    timeout: RECOMMENDATION_TIMEOUT_MS,
  });
  const entries = await list.getByRole('listitem').all();
  return Promise.all(entries.map(itemOf));
}

/**
 * Whole recommendations on one phone screen, each counted card wholly inside the viewport, with rating targets of at
 * least 24 × 24 px (WCAG 2.5.8), so what is counted can be rated. `from: 'list'` scrolls the list to the top of the
 * screen first; `from: 'page'` counts them as the view opens, scrolled to the page's top, under the header and
 * whatever sits above the list.
 */
export async function cardsPerScreen(page: Page, from: 'list' | 'page' = 'list'): Promise<number> {
  const count = await recommendationList(page).evaluate((list, from) => {
    window.scrollTo(0, from === 'list' ? list.getBoundingClientRect().top + window.scrollY : 0);
    return [...list.children].filter((card) => {
      const box = card.getBoundingClientRect();
      // The target is what a tap checks the radio through: its label.
      const radios = [...card.querySelectorAll('input[type=radio]')].map((r) =>
        (r.closest('label') ?? r).getBoundingClientRect(),
      );
      const operable = radios.length > 0 && radios.every((r) => r.width >= 24 && r.height >= 24);
      return box.top >= -1 && box.bottom <= window.innerHeight + 1 && operable;
    }).length;
  }, from);
  await page.evaluate(() => window.scrollTo(0, 0));
  return count;
}

/** Rates the first recommendation and returns it with the list as it stands once recomputed. */
export async function rateTopRecommendation(
  page: Page,
  stars: number,
): Promise<{ rated: RatedItem; before: RatedItem[]; after: RatedItem[] }> {
  const before = await settledRecommendations(page);
  const rated = await rateEntry(recommendationList(page).getByRole('listitem').first(), stars);
  let after = before;
  const deadline = Date.now() + RECOMMENDATION_TIMEOUT_MS;
  while (sameItems(after, before) && Date.now() < deadline) {
    await page.waitForTimeout(50);
    after = await settledRecommendations(page);
  }
  return { rated, before, after };
}

export function sameItems(a: readonly RatedItem[], b: readonly RatedItem[]): boolean {
  return a.length === b.length && a.every((item, i) => item.id === b[i]?.id);
}

/** The stars shown for an item on its own page, or null when unrated (navigates by hash: no reload). */
export async function shownRating(page: Page, item: RatedItem): Promise<number | null> {
  await page.evaluate((id) => (location.hash = `#/item/${id}`), item.id);
  const group = page.getByRole('radiogroup', { name: `Rate ${item.title}`, exact: true }).first();
  await group.waitFor({ timeout: RECOMMENDATION_TIMEOUT_MS });
  const checked = group.getByRole('radio', { checked: true });
  if ((await checked.count()) === 0) return null;
  const name = (await checked.first().getAttribute('aria-label')) ?? '';
  return Number(/^([\d.]+) stars?$/.exec(name)?.[1] ?? Number.NaN);
}
