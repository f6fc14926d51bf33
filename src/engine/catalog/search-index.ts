/**
 * Title search for instant-as-you-type results. Each title is reduced once to its normalised keys (case and
 * diacritics folded, articles dropped wherever MovieLens put them, alternative titles as keys of their own), each
 * followed by the year; a query gets the same treatment and is matched against the keys in tiers, most rated
 * first within a tier. Plain string tests over every key are fast enough per keystroke (`npm run bench` times
 * them) that no index structure is needed.
 */
import { normalizeForSearch, titleKeys } from '../text/normalize-title.ts';

/** Lower tier = better match. */
const Tier = { Prefix: 0, WordStart: 1, AllWords: 2, Substring: 3, None: 4 } as const;
type Tier = (typeof Tier)[keyof typeof Tier];

/** Substring matches inside words are noise for one- and two-letter queries ("ma" in "Batman"). */
const MIN_SUBSTRING_QUERY = 3;

/**
 * The forms of a query to try: as typed (folded), and with a leading article dropped as the title keys have
 * it ("the matrix" → "matrix"). A lone article ("the") stays as typed so that it still finds "The …" titles.
 */
function queryForms(query: string): string[] {
  const folded = normalizeForSearch(query);
  if (folded === '') return [];
  const forms = [folded];
  const dropped = titleKeys(query)[0];
  if (dropped !== undefined && dropped !== folded) forms.push(dropped);
  return forms;
}

export class SearchIndex {
  /** Per item, its keys with a leading space (so " " + word finds word starts, the first word included). */
  private readonly keys: string[][];

  constructor(
    titles: readonly string[],
    years: ArrayLike<number>,
    /** Tie-break within a tier: higher first (e.g. number of ratings). */
    private readonly popularity: ArrayLike<number>,
  ) {
    this.keys = titles.map((t, i) => {
      const year = years[i]! > 0 ? ` ${years[i]}` : '';
      const keys = titleKeys(t);
      return (keys.length > 0 ? keys : [normalizeForSearch(t)]).map((k) => ` ${k}${year}`);
    });
  }

  /** Item indices matching the query, best first. */
  search(query: string, limit: number): number[] {
    // Prefixed once per query, not once per title: the loop below runs for every key of every title.
    const forms = queryForms(query).map((q) => {
      const words = q.split(' ');
      const longest = words.reduce((a, b) => (b.length > a.length ? b : a));
      return { q, spaced: ' ' + q, longest, spacedWords: words.map((w) => ' ' + w) };
    });
    if (forms.length === 0) return [];
    const hits: Array<{ item: number; tier: Tier }> = [];
    for (let item = 0; item < this.keys.length; item++) {
      let best: Tier = Tier.None;
      for (const key of this.keys[item]!) {
        for (const form of forms) {
          const tier = matchTier(key, form);
          if (tier < best) best = tier;
        }
      }
      if (best !== Tier.None) hits.push({ item, tier: best });
    }
    hits.sort((a, b) => a.tier - b.tier || this.popularity[b.item]! - this.popularity[a.item]! || a.item - b.item);
    return hits.slice(0, limit).map((h) => h.item);
  }
}

interface QueryForm {
  q: string;
  spaced: string;
  longest: string;
  spacedWords: string[];
}

function matchTier(key: string, form: QueryForm): Tier {
  // Every tier needs every word somewhere in the key; the longest word is the rarest, so most titles fail here.
  if (!key.includes(form.longest)) return Tier.None;
  if (key.startsWith(form.spaced)) return Tier.Prefix;
  if (key.includes(form.spaced)) return Tier.WordStart;
  if (form.spacedWords.length > 1 && form.spacedWords.every((w) => key.includes(w))) return Tier.AllWords;
  if (form.q.length >= MIN_SUBSTRING_QUERY && key.includes(form.q)) return Tier.Substring;
  return Tier.None;
}
