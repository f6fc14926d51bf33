/**
 * Title normalisation shared by the history importers and the search box. MovieLens writes titles as
 * "Matrix, The (1999)" and "Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)", while Letterboxd and IMDb write
 * "The Matrix" and "Amélie". Both sides are reduced to the same keys: article dropped wherever it sits, case and
 * diacritics folded, punctuation ignored, and every parenthesised alternative title offered as a key of its own.
 */

/**
 * Articles MovieLens moves to the end of a title ("Matrix, The", "Ours, L'", "Passion, En"), in lower case.
 * Matching drops them on both sides, rather than moving them back, so "Das Boot" and "Boot, Das" are the same
 * key without knowing each language's rules; display-title.ts moves them back for reading.
 */
export const ARTICLES = [
  'the',
  'a',
  'an',
  'le',
  'la',
  'les',
  "l'",
  'il',
  'i',
  'gli',
  'lo',
  'el',
  'los',
  'las',
  'un',
  'une',
  'una',
  'uno',
  'der',
  'die',
  'das',
  'ein',
  'eine',
  'den',
  'det',
  'de',
  'en',
  'ett',
  'het',
  'o',
  'os',
];
const ARTICLE_GROUP = ARTICLES.map((a) => a.replace("'", "['’]")).join('|');
/** "Matrix, The" / "Atalante, L'" */
const TRAILING_ARTICLE = new RegExp(`,\\s*(?:${ARTICLE_GROUP})\\s*$`, 'i');
/** "The Matrix" / "L'Atalante" (an elided article needs no space after it). */
const LEADING_ARTICLE = new RegExp(`^(?:(?:${ARTICLE_GROUP.replace("l['’]|", '')})\\s+|l['’]\\s*)`, 'i');
/**
 * A release year, or a year range for series, at the very end: the one definition of a title's year, read the
 * same by the dataset parser, the snapshot, the importers and the views.
 */
const YEAR_AT_END = /\s*\((\d{4})(?:[-–]\d{0,4})?\)\s*$/;
/** A parenthesised group at the very end. */
const GROUP_AT_END = /\s*\(([^()]*)\)\s*$/;
const AKA = /^\s*a\.?k\.?a\.?\s+/i;
const COMBINING_MARKS = /[\u0300-\u036f]/g;
/** The apostrophes titles and queries are written with; folding drops them. */
export const APOSTROPHES = /['’`´]/g;
const NOT_ALPHANUMERIC = /[^\p{L}\p{N}]+/gu;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Fold a string for comparison: lower case, diacritics removed ("Amélie" → "amelie"), "&" read as "and",
 * apostrophes dropped ("Schindler's" → "schindlers"), any other run of punctuation or space → one space.
 */
export function normalizeForSearch(s: string): string {
  // Most titles are plain ASCII, where Unicode normalisation and the letter classes change nothing: the same fold
  // by cheaper steps (the search index folds every title of the catalogue when it is built).
  if (PRINTABLE_ASCII.test(s))
    return s
      .toLowerCase()
      .replace(/&/g, ' and ')
      .replace(/['`]/g, '')
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  // Apostrophes go first: NFKD would turn ´ into a space and an accent.
  return s
    .replace(APOSTROPHES, '')
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/&/g, ' and ')
    .replace(NOT_ALPHANUMERIC, ' ')
    .trim();
}

/**
 * Split "Toy Story (1995)" into its title and year (0 when there is no trailing year); a series' range gives its
 * first year: "Death Note (2006–2007)" → 2006.
 */
export function splitTitleYear(title: string): { title: string; year: number } {
  const m = YEAR_AT_END.exec(title);
  return m ? { title: title.slice(0, m.index), year: Number(m[1]) } : { title, year: 0 };
}

/** One title (no alternatives, no year), article removed from either end, folded: "Matrix, The" → "matrix". */
export function titleKey(title: string): string {
  let t = title.trim();
  // Twice: "Boot, Das" → "Boot"; a title could in principle carry both forms.
  t = t.replace(TRAILING_ARTICLE, '');
  t = t.replace(LEADING_ARTICLE, '');
  return normalizeForSearch(t);
}

/**
 * Matching keys of one title, most specific first: the main title, then each alternative title MovieLens gives in
 * parentheses ("a.k.a." removed). A trailing year is ignored. Empty keys are dropped; the list has no duplicates.
 * "Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)" → ["amelie", "fabuleux destin damelie poulain"].
 */
export function titleKeys(title: string): string[] {
  let rest = splitTitleYear(title).title;
  const alternatives: string[] = [];
  for (let m = GROUP_AT_END.exec(rest); m !== null && m.index > 0; m = GROUP_AT_END.exec(rest)) {
    alternatives.unshift(m[1]!.replace(AKA, ''));
    rest = rest.slice(0, m.index);
  }
  const keys: string[] = [];
  for (const t of [rest, ...alternatives]) {
    const k = titleKey(t);
    if (k !== '' && !keys.includes(k)) keys.push(k);
  }
  return keys;
}

/** Where a title splits into series and episode parts: a colon, or a dash with spaces around it. */
const PART_BREAK = /\s*(?::|\s[-–—]\s)\s*/g;

/**
 * Looser keys for services that shorten long titles: the main title before its first colon or spaced dash
 * ("Star Wars: Episode IV - A New Hope" → "star wars") and after its last one ("… - The Empire Strikes Back" →
 * "empire strikes back"). Empty when the title has no such parts. Matching trusts these only with an exact year.
 */
export function looseTitleKeys(title: string): string[] {
  const main = titleKeys(title)[0];
  let raw = splitTitleYear(title).title;
  for (let m = GROUP_AT_END.exec(raw); m !== null && m.index > 0; m = GROUP_AT_END.exec(raw))
    raw = raw.slice(0, m.index);
  const breaks = [...raw.matchAll(PART_BREAK)];
  const first = breaks[0];
  const last = breaks[breaks.length - 1];
  if (main === undefined || first === undefined || last === undefined) return [];
  const keys: string[] = [];
  for (const part of [raw.slice(0, first.index), raw.slice(last.index + last[0].length)]) {
    const k = titleKey(part);
    if (k !== '' && k !== main && !keys.includes(k)) keys.push(k);
  }
  return keys;
}
