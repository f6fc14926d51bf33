/**
 * The title a person reads, from the title a dataset stores. MovieLens writes "Matrix, The (1999)" and
 * "Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)": a leading article moved behind a comma, and alternative
 * titles in parentheses (the original-language one, or "a.k.a." forms) between the title and its year. People
 * read "The Matrix (1999)" and "Amelie (2001)", with "Le Fabuleux destin d'Amélie Poulain" on a line of its own.
 *
 * Not every parenthesised part is another title: "Human Centipede, The (First Sequence)", "Birdman: Or (The
 * Unexpected Virtue of Ignorance)", "Hotel Chevalier (Part 1 of 'The Darjeeling Limited')" and "Frontière(s)" carry
 * it as part of their name, so those parts stay in it. A title with none of these patterns (any other dataset's)
 * comes out as it went in.
 */
import { ARTICLES, splitTitleYear, titleKey } from './normalize-title.ts';

export interface DisplayTitle {
  /** "The Matrix": the main title, article back in front, without alternative titles or year. */
  name: string;
  /** "The Matrix (1999)": the name with the dataset's year text (a series' range stays a range). */
  withYear: string;
  /**
   * "Le Fabuleux destin d'Amélie Poulain": the first alternative title that is not an "a.k.a." form, which in
   * MovieLens is nearly always the original-language title (for the few foreign titles listed under their own
   * name, e.g. "Boot, Das (Boat, The)", it is the English one). Null when there is none.
   */
  original: string | null;
  /** "a.k.a." forms and any further alternative titles: "Se7en" for "Seven (a.k.a. Se7en) (1995)". */
  alsoKnownAs: string[];
}

/** One alternative title per group; "(a.k.a. …)", "(aka …)", "(a.k.a …)". */
const AKA = /^a\.?k\.?a\.?\s+/i;
/**
 * A parenthesised group at the end with a space before it: "Frontière(s)" is one word, and "(500) Days of
 * Summer" opens with its group (the caller never peels a group at position 0).
 */
const GROUP_AT_END = /\s+\(([^()]*)\)$/;
/** Parts of a name that look like groups: a part, sequence or cut, a format or a broadcaster ("(EPIX)"). */
const QUALIFIER = new RegExp(
  [
    String.raw`^(?:part|pt\.?|vol\.?|volume|chapter|episode|season|series)\s+\S`,
    String.raw`^(?:first|second|third|fourth|final|last)\s+(?:sequence|part|chapter|episode|season)$`,
    String.raw`^(?:director'?s cut|extended(?: cut| edition)?|uncut|unrated|theatrical cut|special edition)$`,
    String.raw`^(?:redux|remastered|restored|tv|tv movie|tv series|mini-?series|documentary|short film|3-?d|imax)$`,
  ].join('|'),
  'i',
);
/** A broadcaster or format in capitals ("(EPIX)"); an acronym that is another title comes as "(a.k.a. MIB)". */
const CAPITALS = /^[A-Z]{2,5}$/;
/** "Hommage à Zgougou (et salut à Sabine Mamou)": a group that continues the sentence is part of the name. */
const CONTINUES = /^(?:and|or|et|ou|und|oder|e|y)\s/;
/** "Birdman: Or (The Unexpected Virtue of Ignorance)": a name that ends on a conjunction goes on in the group. */
const ENDS_OPEN = /(?:^|\s)(?:and|or|et|ou|und|oder)$/i;
/** Case as MovieLens writes a moved article: "The", "L'" (never "the": a lower-case word is part of the title). */
const CAPITALISED = new Set(
  ARTICLES.flatMap((a) => {
    const c = a.charAt(0).toUpperCase() + a.slice(1);
    return c.endsWith("'") ? [c, c.replace("'", '’')] : [c];
  }),
);
const SPACES = /\s+/g;

/**
 * "Matrix, The" → "The Matrix", "Ours, L'" → "L'Ours", "Good, the Bad and the Ugly, The" → "The Good, the Bad and
 * the Ugly" (only the last comma counts); anything else as it is. No regular expression: this runs on every title
 * of the catalogue when the search index is built.
 */
export function articleInFront(title: string): string {
  const comma = title.lastIndexOf(',');
  if (comma <= 0 || title.charCodeAt(comma + 1) !== 32) return title;
  const article = title.slice(comma + 2);
  const rest = title.slice(0, comma);
  if (!CAPITALISED.has(article) || rest.trim() === '') return title;
  return article.endsWith("'") || article.endsWith('’') ? `${article}${rest}` : `${article} ${rest}`;
}

export function displayTitle(raw: string): DisplayTitle {
  const full = raw.includes('  ') ? raw.replace(SPACES, ' ').trim() : raw.trim();
  let rest = splitTitleYear(full).title.trim();
  const yearText = full.slice(rest.length).trim();
  const groups: string[] = [];
  for (let m = atEnd(rest); m !== null && m.index > 0; m = atEnd(rest)) {
    groups.unshift(m[1]!.trim());
    rest = rest.slice(0, m.index);
  }
  let name = articleInFront(rest);
  const alternatives: string[] = [];
  const aka: string[] = [];
  for (const group of groups) {
    if (AKA.test(group)) aka.push(articleInFront(group.replace(AKA, '')));
    else if (alternatives.length === 0 && aka.length === 0 && isPartOfName(rest, group)) name += ` (${group})`;
    else if (group !== '') alternatives.push(articleInFront(group));
  }
  if (alternatives.length === 0 && aka.length === 0)
    return { name, withYear: withYear(name, yearText), original: null, alsoKnownAs: [] };
  // An alternative that reads the same as the name ("Bride of Frankenstein, The (Bride of Frankenstein)",
  // "Déjà Vu (Deja Vu)", "Dumb & Dumber (Dumb and Dumber)") or as an earlier one says nothing new.
  const seen = new Set([titleKey(name)]);
  const distinct = (t: string) => {
    const key = titleKey(t);
    if (key === '' || seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  const [original = null, ...more] = alternatives.filter(distinct);
  return {
    name,
    withYear: withYear(name, yearText),
    original,
    alsoKnownAs: [...more, ...aka.filter(distinct)],
  };
}

const withYear = (name: string, yearText: string) => (yearText === '' ? name : `${name} ${yearText}`);

/** GROUP_AT_END, tried only on a title that ends with ")" (most do not, once the year is off). */
const atEnd = (title: string) => (title.endsWith(')') ? GROUP_AT_END.exec(title) : null);

function isPartOfName(before: string, group: string): boolean {
  return QUALIFIER.test(group) || CAPITALS.test(group) || CONTINUES.test(group) || ENDS_OPEN.test(before);
}
