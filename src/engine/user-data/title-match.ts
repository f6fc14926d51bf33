/** Finding a dataset item from a title and year written by another service. */
import type { Dataset } from '../dataset/dataset.ts';
import { looseTitleKeys, splitTitleYear, titleKeys } from '../text/normalize-title.ts';

export interface TitleIndex {
  dataset: Dataset;
  /** Normalised title key → dense item indices having it as main or alternative title. */
  byKey: Map<string, number[]>;
  /** Part-title key ("star wars", "empire strikes back") → dense item indices, tried only when no full key matches. */
  byShortKey: Map<string, number[]>;
  /** The newest year of the dataset's items (0 when none has one): a film after it cannot be in the catalogue. */
  lastYear: number;
}

function push(map: Map<string, number[]>, key: string, item: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [item]);
  else if (!list.includes(item)) list.push(item);
}

/** Index every item's title keys (`npm run bench:import` times it): build once per import. */
export function buildTitleIndex(dataset: Dataset): TitleIndex {
  const byKey = new Map<string, number[]>();
  const byShortKey = new Map<string, number[]>();
  dataset.titles.forEach((title, i) => {
    for (const k of titleKeys(title)) push(byKey, k, i);
    for (const k of looseTitleKeys(title)) push(byShortKey, k, i);
  });
  let lastYear = 0;
  for (const year of dataset.years) if (year > lastYear) lastYear = year;
  return { dataset, byKey, byShortKey, lastYear };
}

export type TitleMatch = { item: number } | { item: -1; reason: string };

/** Years differ by one between services often enough (festival vs release year) to accept a unique near miss. */
const YEAR_SLACK = 1;

function pick(candidates: number[], years: Int16Array, year: number): TitleMatch | null {
  if (candidates.length === 0) return null;
  if (year <= 0) {
    return candidates.length === 1
      ? { item: candidates[0]! }
      : { item: -1, reason: `${candidates.length} titles match and no year tells them apart` };
  }
  const exact = candidates.filter((i) => years[i] === year);
  if (exact.length === 1) return { item: exact[0]! };
  if (exact.length > 1) return { item: -1, reason: `${exact.length} titles from ${year} match` };
  const near = candidates.filter((i) => years[i] === 0 || Math.abs(years[i]! - year) <= YEAR_SLACK);
  if (near.length === 1) return { item: near[0]! };
  return { item: -1, reason: `the title matches, but not the year ${year}` };
}

/**
 * Dense item index of a title, -1 with a reason when there is none or several. The year may be 0 (unknown);
 * a "(YYYY)" at the end of the title is used when no year is given.
 */
export function matchTitle(index: TitleIndex, title: string, year: number): TitleMatch {
  const split = splitTitleYear(title);
  if (year <= 0) year = split.year;
  const years = index.dataset.years;
  const candidates: number[] = [];
  for (const k of titleKeys(split.title)) {
    for (const i of index.byKey.get(k) ?? []) if (!candidates.includes(i)) candidates.push(i);
  }
  const full = pick(candidates, years, year);
  if (full !== null && full.item >= 0) return full;
  // A service may shorten "Star Wars: Episode V - The Empire Strikes Back" to "Star Wars" or "The Empire Strikes
  // Back"; a part title is only trusted with the exact year and a single candidate.
  if (year > 0) {
    const short: number[] = [];
    for (const k of titleKeys(split.title)) {
      for (const i of index.byShortKey.get(k) ?? []) if (years[i] === year && !short.includes(i)) short.push(i);
    }
    if (short.length === 1) return { item: short[0]! };
  }
  // Newer than the catalogue: that, not the title, is why (a remake's older namesake may still match its title).
  if (index.lastYear > 0 && year > index.lastYear)
    return { item: -1, reason: `not in the catalogue: it ends in ${index.lastYear}` };
  return full ?? { item: -1, reason: 'no title in the dataset matches' };
}
