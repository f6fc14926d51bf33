import type { Browser, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import {
  cardsPerScreen,
  openApp,
  recommendationList,
  sameItems,
  settledRecommendations,
  type RatedItem,
} from '../../src/cli/browser/app-driver.ts';
import { axeViolations, type Violation } from './axe.ts';
import { newRecordedContext, reportProblemsOnFailure, requestsOutside } from './browser.ts';

// The new-user journey of issues 5 and 10, written once for any dataset and driven only by role and accessible name,
// as a person with a screen reader would: rate a first item in the picker and see recommendations at the top, search
// and rate five items, find the picker folded behind "Rate more", count whole cards per phone screen, sort the list,
// hide one and undo, step a rating with the arrow keys (one save, one recompute), re-rate on the item page, remove a
// rating on Your data and undo it without the page moving, and visit every view. Each view is also laid out at
// 320 px and checked by axe.

export interface DatasetCase {
  url: string;
  /** manifest.itemNoun: the search field is "Search <noun>s", the onboarding list "<Noun>s to rate". */
  noun: string;
  scaleMax: number;
  step: number;
  /** Five items to find by search and rate: the query typed and the full title it must list. */
  toRate: readonly { query: string; title: string; value: number }[];
  /** A query typed without accents and the accented title it must find. */
  plainQuery: { query: string; title: string };
  scaleMin: number;
  /** How a recommendation prints its predicted rating, the number captured: "Predicted ★4.2", "Predicted 7.5/10". */
  predicted: RegExp;
}

/** Radio names per the accessibility contract: "1 star"/"4.5 stars" on five-point scales, "7 out of 10" otherwise. */
function radioName(value: number, scaleMax: number): string {
  if (scaleMax === 5) return `${value} ${value === 1 ? 'star' : 'stars'}`;
  return `${value} out of ${scaleMax}`;
}

const PHONE = { width: 390, height: 844 };
const NARROW = 320;
const RECOMMENDATION_TIMEOUT_MS = 90_000;
/** What a recommendation may give as its reason (the engine's named ratings, or why it has none). */
const REASON = /Because you rated .+|Based on your ratings|Popular with people in this dataset/;

export interface ViewReport {
  /** Views whose document is wider than the 320 px viewport. */
  overflowing: { view: string; scrollWidth: number }[];
  violations: Violation[];
}

/** Lays the current view out at 320 px (no sideways scroll allowed), back to the phone size, then runs axe. */
export async function checkView(page: Page, c: DatasetCase, view: string, report: ViewReport): Promise<void> {
  // Every view offers the way home and the search field.
  await expect.poll(() => page.getByRole('link', { name: 'For you', exact: true }).isVisible()).toBe(true);
  await expect
    .poll(() => page.getByRole('searchbox', { name: `Search ${c.noun}s`, exact: true }).isVisible())
    .toBe(true);
  await page.setViewportSize({ width: NARROW, height: PHONE.height });
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  const clientWidth = await page.evaluate(() => document.documentElement.clientWidth);
  expect(clientWidth).toBe(NARROW);
  if (scrollWidth > clientWidth) report.overflowing.push({ view, scrollWidth });
  await page.setViewportSize(PHONE);
  report.violations.push(...(await axeViolations(page, view)));
}

/** The item a list entry is about: its heading's link text and the id in its #/item/<id> href. */
async function itemOf(entry: Locator): Promise<RatedItem> {
  const link = entry.getByRole('heading').getByRole('link');
  const [title, href] = await Promise.all([link.innerText(), link.getAttribute('href')]);
  const id = Number(/#\/item\/(-?\d+)$/.exec(href ?? '')?.[1]);
  if (!Number.isInteger(id)) throw new Error(`entry link ${href} names no item`);
  return { id, title: title.trim() };
}

function ratingGroup(scope: Page | Locator, title: string): Locator {
  return scope.getByRole('radiogroup', { name: `Rate ${title}`, exact: true });
}

/** Types into the header's search field and returns the result entry whose heading is exactly `title`. */
async function searchFor(page: Page, c: DatasetCase, query: string, title: string): Promise<Locator> {
  await page.getByRole('searchbox', { name: `Search ${c.noun}s`, exact: true }).fill(query);
  const entry = page
    .getByRole('list', { name: 'Search results', exact: true })
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: title, exact: true }) });
  await entry.waitFor({ timeout: RECOMMENDATION_TIMEOUT_MS });
  return entry;
}

/** Whether the element's box lies wholly inside the viewport (to the pixel: layout leaves fractions). */
async function onScreen(target: Locator): Promise<boolean> {
  return target.evaluate((el) => {
    const box = el.getBoundingClientRect();
    return box.top >= -1 && box.bottom <= window.innerHeight + 1;
  });
}

/** Counts, from now on, the times the recommendation list starts recomputing (aria-busy turning true). */
async function watchRecomputes(page: Page): Promise<void> {
  await recommendationList(page).evaluate((list) => {
    const w = window as unknown as { __recomputes: number; __recomputeObserver?: MutationObserver };
    w.__recomputeObserver?.disconnect();
    w.__recomputes = 0;
    w.__recomputeObserver = new MutationObserver(() => {
      if (list.getAttribute('aria-busy') === 'true') w.__recomputes++;
    });
    w.__recomputeObserver.observe(list, { attributes: true, attributeFilter: ['aria-busy'] });
  });
}

const recomputes = (page: Page) => page.evaluate(() => (window as unknown as { __recomputes: number }).__recomputes);

/** The accessible name of the focused element (the radios carry theirs in aria-label). */
const focusedName = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null);

async function checkedName(group: Locator): Promise<string | null> {
  const checked = group.getByRole('radio', { checked: true });
  return (await checked.count()) === 0 ? null : checked.first().getAttribute('aria-label');
}

/**
 * Runs the whole journey on a fresh page and asserts as it goes; returns the layout and axe findings of every view
 * (onboarding, search, For you, item, Your data, Settings) for the caller to assert on, so one failure lists all.
 */
async function newUserJourney(page: Page, c: DatasetCase): Promise<ViewReport> {
  try {
    return await journey(page, c);
  } catch (error) {
    // What the page showed when a step failed: usually says more than the locator that timed out.
    const shown = await page
      .locator('main')
      .ariaSnapshot({ timeout: 5_000 })
      .catch((e: Error) => e.message);
    console.error(`Page at ${page.url()} when the journey failed:\n${shown}`);
    throw error;
  }
}

/**
 * The journey on a fresh phone context, then `more` (further steps on the same page): no view may overflow or fail
 * axe, no request may leave the dataset's server, and the page may log no problems.
 */
export async function phoneJourney(
  browser: Browser,
  c: DatasetCase,
  /** Further steps; views they check with checkView(…, report) are asserted on with the journey's. */
  more?: (page: Page, report: ViewReport) => Promise<void>,
): Promise<void> {
  const { context, requests, problems } = await newRecordedContext(browser, {
    viewport: PHONE,
    isMobile: true,
    hasTouch: true,
  });
  reportProblemsOnFailure(problems);
  try {
    const page = await context.newPage();
    const report = await newUserJourney(page, c);
    await more?.(page, report);
    expect(report.overflowing).toEqual([]);
    expect(report.violations).toEqual([]);
    expect(requestsOutside(requests, c.url)).toEqual([]);
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
}

async function journey(page: Page, c: DatasetCase): Promise<ViewReport> {
  const report: ViewReport = { overflowing: [], violations: [] };
  const Noun = c.noun.charAt(0).toUpperCase() + c.noun.slice(1);
  await openApp(page, c.url);

  // A new user is greeted by the onboarding's suggestions; the first rating brings the first recommendations, at
  // the top of the screen, above the picker.
  const candidates = page.getByRole('list', { name: `${Noun}s to rate`, exact: true }).getByRole('listitem');
  await candidates.first().waitFor({ timeout: RECOMMENDATION_TIMEOUT_MS });
  await checkView(page, c, 'onboarding', report);
  const firstCandidate = await itemOf(candidates.first());
  await ratingGroup(candidates.first(), firstCandidate.title)
    .getByRole('radio', { name: radioName(c.scaleMax, c.scaleMax), exact: true })
    .check();
  await settledRecommendations(page);
  const firstPick = recommendationList(page).getByRole('listitem').first();
  expect(await onScreen(firstPick), 'the first recommendation shows on the first screen').toBe(true);
  expect(await candidates.count(), 'the picker stays open below them').toBeGreaterThan(0);

  // Search and rate five items; each result shows its title as a heading and a rating control named after it.
  const rated: RatedItem[] = [];
  for (const { query, title, value } of c.toRate) {
    const entry = await searchFor(page, c, query, title);
    const radio = ratingGroup(entry, title).getByRole('radio', { name: radioName(value, c.scaleMax), exact: true });
    await radio.check();
    await expect.poll(() => radio.isChecked()).toBe(true);
    rated.push(await itemOf(entry));
  }
  expect(new Set(rated.map((r) => r.id)).size).toBe(c.toRate.length);

  // An accent-free query finds the accented title; every result has its title heading and its rating control.
  await searchFor(page, c, c.plainQuery.query, c.plainQuery.title);
  const results = await page.getByRole('list', { name: 'Search results', exact: true }).getByRole('listitem').all();
  for (const result of results) {
    const { title } = await itemOf(result);
    expect(await ratingGroup(result, title).count(), `rating control of search result ${title}`).toBe(1);
  }
  await checkView(page, c, 'search', report);

  // Home: with enough ratings the picker has folded away behind "Rate more", which opens and closes it again.
  await page.getByRole('link', { name: 'For you', exact: true }).click();
  const rateMore = page.getByRole('button', { name: `Rate more ${c.noun}s`, exact: true });
  await rateMore.waitFor();
  expect(await rateMore.getAttribute('aria-expanded')).toBe('false');
  expect(await page.getByRole('list', { name: `${Noun}s to rate`, exact: true }).count()).toBe(0);
  await rateMore.click();
  await candidates.first().waitFor();
  expect(await rateMore.getAttribute('aria-expanded')).toBe('true');
  await rateMore.click();
  await candidates.first().waitFor({ state: 'detached' });

  // At least ten recommendations, none already rated, each with its predicted rating and a reason.
  let recommended = await settledRecommendations(page);
  expect(recommended.length).toBeGreaterThanOrEqual(10);
  const ratedIds = new Set(rated.map((r) => r.id));
  expect(recommended.filter((r) => ratedIds.has(r.id))).toEqual([]);
  const entries = await recommendationList(page).getByRole('listitem').all();
  for (const [k, entry] of entries.entries()) {
    const title = recommended[k]!.title;
    const text = await entry.innerText();
    expect(text, `predicted rating of ${title}`).toMatch(c.predicted);
    expect(text, `reason for ${title}`).toMatch(REASON);
    expect(await checkedName(ratingGroup(entry, title)), `${title} is unrated`).toBeNull();
  }

  // Dense cards: at least four whole ones per phone screen, their stars full-size targets.
  expect(await cardsPerScreen(page), 'whole recommendations on one phone screen').toBeGreaterThanOrEqual(4);

  // Each sort says what it does and orders by what it says; Top picks never list stars far below those after.
  const sort = page.getByRole('combobox', { name: 'Sort', exact: true });
  expect(await sort.inputValue()).toBe('top');
  const band = (c.scaleMax - c.scaleMin) / 6;
  const shownStars = async () =>
    (await recommendationList(page).getByRole('listitem').allInnerTexts()).map((t) => Number(c.predicted.exec(t)?.[1]));
  const topStars = await shownStars();
  for (let a = 0; a < topStars.length; a++)
    for (let b = a + 1; b < topStars.length; b++)
      expect(topStars[b]! - topStars[a]!, `top picks #${a + 1} and #${b + 1}`).toBeLessThanOrEqual(band + 1e-9);
  for (const [option, key] of [
    ['predicted', shownStars],
    ['newest', async () => (await settledRecommendations(page)).map((r) => Number(/\((\d{4})\)$/.exec(r.title)?.[1]))],
  ] as const) {
    const before = await settledRecommendations(page);
    await sort.selectOption(option);
    await expect.poll(async () => sameItems(await settledRecommendations(page), before)).toBe(false);
    await settledRecommendations(page);
    const says = await page.getByRole('combobox', { name: 'Sort' }).getAttribute('aria-describedby');
    expect(await page.locator(`#${says}`).innerText()).not.toBe('');
    const values = await key();
    expect(values, `sorted by ${option}`).toEqual([...values].sort((x, y) => y - x));
  }
  // Back to Top picks (the list may differ from the first one: the rating predictor can arrive meanwhile).
  const newest = await settledRecommendations(page);
  await sort.selectOption('top');
  await expect.poll(async () => sameItems(await settledRecommendations(page), newest)).toBe(false);
  recommended = await settledRecommendations(page);

  // "Not interested" removes an item at once; Undo in the notification brings it back.
  const dropped = recommended[0]!;
  const droppedHeading = recommendationList(page).getByRole('heading', { name: dropped.title, exact: true });
  await recommendationList(page)
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: dropped.title, exact: true }) })
    .getByRole('button', { name: `Not interested: ${dropped.title}`, exact: true })
    .click();
  await droppedHeading.waitFor({ state: 'detached' });
  expect((await settledRecommendations(page)).map((r) => r.id)).not.toContain(dropped.id);
  await page.getByRole('group', { name: 'Notification' }).getByRole('button', { name: 'Undo', exact: true }).click();
  await droppedHeading.waitFor({ timeout: RECOMMENDATION_TIMEOUT_MS });
  expect((await settledRecommendations(page)).map((r) => r.id)).toContain(dropped.id);
  await checkView(page, c, 'for you', report);

  // The arrow keys step a card's stars from empty to the top without saving each step: one rating, one recompute.
  const stepped = recommendationList(page).getByRole('listitem').nth(1);
  const steppedItem = await itemOf(stepped);
  await watchRecomputes(page);
  await ratingGroup(stepped, steppedItem.title)
    .getByRole('radio', { name: radioName(c.scaleMin, c.scaleMax), exact: true })
    .focus();
  const steps = Math.round((c.scaleMax - c.scaleMin) / c.step);
  for (let k = 0; k < steps; k++) await page.keyboard.press('ArrowRight');
  expect(await checkedName(ratingGroup(stepped, steppedItem.title))).toBe(radioName(c.scaleMax, c.scaleMax));
  const notice = page.getByRole('group', { name: 'Notification' });
  await expect.poll(() => notice.innerText(), { timeout: 10_000 }).toMatch(/^Rated /);
  await settledRecommendations(page);
  await page.waitForTimeout(500);
  expect(await recomputes(page), 'recomputations for one arrowed rating').toBe(1);
  expect(await focusedName(page), 'the focus stays on the stars').toBe(radioName(c.scaleMax, c.scaleMax));

  // Item page, reached from its recommendation: the arrow keys move the rating one step at a time.
  const target = steppedItem;
  await recommendationList(page).getByRole('heading', { name: target.title, exact: true }).getByRole('link').click();
  await page.getByRole('heading', { level: 1, name: target.title, exact: true }).waitFor();
  const group = ratingGroup(page, target.title);
  const start = c.scaleMax === 5 ? 3 : 6;
  await group.getByRole('radio', { name: radioName(start, c.scaleMax), exact: true }).check();
  await page.keyboard.press('ArrowRight');
  const up = radioName(start + c.step, c.scaleMax);
  await expect.poll(() => checkedName(group)).toBe(up);
  expect(await focusedName(page)).toBe(up);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  const down = radioName(start - c.step, c.scaleMax);
  await expect.poll(() => checkedName(group)).toBe(down);
  expect(await focusedName(page)).toBe(down);
  await checkView(page, c, 'item', report);

  // Your data lists every rating, the arrow-key one with its last value; then Settings.
  await page.getByRole('link', { name: 'Your data', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Your data', exact: true }).waitFor();
  await expect.poll(() => checkedName(ratingGroup(page, target.title)), { timeout: 30_000 }).toBe(down);
  for (const [k, item] of rated.entries())
    expect(await checkedName(ratingGroup(page, item.title)), `Your data: ${item.title}`).toBe(
      radioName(c.toRate[k]!.value, c.scaleMax),
    );
  await checkView(page, c, 'your data', report);

  // Removing a rating says so with an Undo, and leaves the page where it was; Undo puts it back.
  const removed = rated[2]!;
  const removeButton = page.getByRole('button', { name: `Remove rating for ${removed.title}`, exact: true });
  await removeButton.evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 300));
  const scrolledTo = await page.evaluate(() => window.scrollY);
  expect(scrolledTo, 'Your data is long enough to scroll').toBeGreaterThan(0);
  await removeButton.click();
  await ratingGroup(page, removed.title).waitFor({ state: 'detached' });
  await page.waitForTimeout(300);
  expect(Math.abs((await page.evaluate(() => window.scrollY)) - scrolledTo), 'scroll moved by').toBeLessThanOrEqual(1);
  const removal = page.getByRole('group', { name: 'Notification' });
  expect(await removal.innerText()).toContain('Removed your rating for');
  await removal.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect
    .poll(() => checkedName(ratingGroup(page, removed.title)), { timeout: 10_000 })
    .toBe(radioName(c.toRate[2]!.value, c.scaleMax));

  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Settings', exact: true }).waitFor();
  await checkView(page, c, 'settings', report);

  // And "For you" leads home again.
  await page.getByRole('link', { name: 'For you', exact: true }).click();
  await recommendationList(page).getByRole('listitem').first().waitFor({ timeout: RECOMMENDATION_TIMEOUT_MS });
  return report;
}

/**
 * On a desktop the header (with the search field) stays on screen while the page scrolls: typing a search from far
 * down For you must still show the search view from its top, heading included. `query` must list enough results
 * for the search view to be taller than where For you was scrolled to, or the browser would clamp the scroll anyway.
 */
export async function searchFromScrolledPageOpensAtTop(page: Page, c: DatasetCase, query: string): Promise<void> {
  const viewport = { width: 1280, height: 800 };
  await page.setViewportSize(viewport);
  await page.getByRole('link', { name: 'For you', exact: true }).click();
  await recommendationList(page).getByRole('listitem').first().waitFor({ timeout: RECOMMENDATION_TIMEOUT_MS });
  const scrolledTo = await page.evaluate(() => {
    window.scrollTo(0, document.documentElement.scrollHeight);
    return window.scrollY;
  });
  expect(scrolledTo).toBeGreaterThan(0);
  await page.getByRole('searchbox', { name: `Search ${c.noun}s`, exact: true }).fill(query);
  const heading = page.getByRole('heading', { level: 1, name: 'Search', exact: true });
  await page.getByRole('list', { name: 'Search results', exact: true }).getByRole('listitem').first().waitFor();
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  expect(height, 'the results page could keep the old scroll position').toBeGreaterThan(scrolledTo + viewport.height);
  const box = await heading.boundingBox();
  const headerBottom = await page.getByRole('banner').evaluate((el) => el.getBoundingClientRect().bottom);
  expect(box, 'the Search heading is laid out').not.toBeNull();
  expect(box!.y, 'the Search heading is on screen, below the sticky header').toBeGreaterThanOrEqual(headerBottom);
  await page.setViewportSize(PHONE);
}
