/**
 * Title search for instant-as-you-type results, matched at word starts with one typo forgiven, ranked by how well
 * the title matches and then by how many people rated it.
 *
 * Each title is read once into its keys (display-title.ts: the name as people write it, the original title and
 * every a.k.a. form) and each key into folded words (case, diacritics and apostrophes ignored; the year a word of
 * every key). The words form one sorted vocabulary with a posting list of items per word, so a query word costs a
 * binary search for the words it starts (plus, for a longer word, a pass over the vocabulary's words with the same
 * first letter for one typo) and a walk down their postings, not a scan of every title: the cost follows the
 * matches, not the catalogue. An item matches when every query word starts a word of it (a leading article such as
 * "the" may be left out); its score is the best of its keys (a key that starts with the query or is the whole
 * query counts more) plus a share for popularity.
 */
import { displayTitle } from '../text/display-title.ts';
import { APOSTROPHES, ARTICLES, normalizeForSearch } from '../text/normalize-title.ts';
import { topK } from '../numeric/top-select.ts';

/** How well one query word matched one title word. */
const EXACT = 1;
/** A prefix scores between these, by how much of the word the query covers ("matri" > "m" for "matrix"). */
const PREFIX_MIN = 0.6;
const PREFIX_SPAN = 0.35;
const TYPO = 0.5;
/** Words shorter than this get no typo tolerance: "heat" would otherwise find "heap", "hear" and "Heaven". */
const MIN_TYPO_LENGTH = 5;
/** An alternative title counts a little less than the name people know. */
const ALTERNATIVE_WEIGHT = 0.85;
/** Words matched across several keys (the raw "Amelie (Fabuleux destin …)" form) count less again. */
const SCATTERED_WEIGHT = 0.7;
/** Bonus when the key starts with the query's first word, and again when the query spells all of it. */
const STARTS_BONUS = 0.5;
const WHOLE_BONUS = 0.5;
/** And again when it names the year too: "Spider (2002)" typed out is that film, not the more rated Spider-Man. */
const DATED_BONUS = 0.5;
/** At most this is added for the most rated item (log scale), so a much better match still wins. */
const POPULARITY_WEIGHT = 0.9;
/** Words of a query that count; titles are short. */
const MAX_QUERY_WORDS = 12;
/** Query words remembered with their matching words: typing "star w…" looks "star" up once. */
const MEMO_SIZE = 64;

const ARTICLE_SET = new Set(ARTICLES.map((a) => normalizeForSearch(a)).filter((a) => a !== ''));
/** Without the global flag: test() keeps no state between calls. */
const APOSTROPHE = new RegExp(APOSTROPHES.source);
const YEARS = /\d{4}/g;

/**
 * Appends the folded words of a text to `out`, then the words an apostrophe hides ("L'Ours" → "lours", then
 * "ours"), which match but do not count as the title's words. Returns how many are the title's own.
 */
function addWords(text: string, out: string[]): number {
  const from = out.length;
  for (const w of normalizeForSearch(text).split(' ')) if (w !== '') out.push(w);
  const own = out.length - from;
  if (APOSTROPHE.test(text))
    for (const w of normalizeForSearch(text.replace(APOSTROPHES, ' ')).split(' '))
      if (w !== '' && !out.includes(w, from)) out.push(w);
  return own;
}

/** Words of the query as typed, each matched as the start of a title word (a pasted paragraph: its first few). */
function queryWords(query: string): string[] {
  return normalizeForSearch(query)
    .split(' ')
    .filter((w) => w !== '')
    .slice(0, MAX_QUERY_WORDS);
}

/** A query word's matches in the vocabulary: word ids and how well each matched. */
interface Matched {
  ids: Int32Array;
  scores: Float32Array;
}

/**
 * Whether `q` is within one edit (substitution, insertion, deletion or swap of neighbours) of some prefix of `w`,
 * given that their first `same` letters agree and `q` is not itself a prefix of `w`.
 */
function withinOneTypo(q: string, w: string, same: number): boolean {
  const restIsPrefix = (qi: number, wi: number): boolean => {
    if (q.length - qi > w.length - wi) return false;
    for (; qi < q.length; qi++, wi++) if (q.charCodeAt(qi) !== w.charCodeAt(wi)) return false;
    return true;
  };
  const i = same;
  return (
    restIsPrefix(i + 1, i + 1) || // substitution
    restIsPrefix(i + 1, i) || // an extra letter typed
    restIsPrefix(i, i + 1) || // a letter missed
    (q[i] === w[i + 1] && q[i + 1] === w[i] && restIsPrefix(i + 2, i + 2)) // neighbours swapped
  );
}

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

export class SearchIndex {
  /** Sorted distinct words, and for each its items: postingItems[postingFrom[w] .. postingFrom[w + 1]). */
  private readonly vocabulary: string[];
  private readonly postingFrom: Int32Array;
  private readonly postingItems: Int32Array;
  /** Keys of item i: keyFrom[i] .. keyFrom[i + 1]; words of key k: keyWords[wordFrom[k] .. wordFrom[k + 1]). */
  private readonly keyFrom: Int32Array;
  private readonly wordFrom: Int32Array;
  private readonly keyWords: Int32Array;
  /** Per key: 1 for the name, ALTERNATIVE_WEIGHT for other titles; its own word count; whether it opens with an article. */
  private readonly keyWeight: Float32Array;
  private readonly keyLength: Int32Array;
  private readonly keyArticle: Uint8Array;
  /**
   * Word ids of each item's year ("2006" and "2007" for a series shown as "(2006–2007)"):
   * yearWords[yearFrom[i] .. yearFrom[i + 1]). They belong to every key of the item.
   */
  private readonly yearFrom: Int32Array;
  private readonly yearWords: Int32Array;
  private readonly popularity: Float32Array;
  private readonly memo = new Map<string, Matched>();
  /**
   * Scratch space reused by every search (allocated once, left clean): per query word, each vocabulary word's
   * match score; per item, its score, whether it is a result, and the last search that listed it.
   */
  private readonly tables: Float32Array[] = [];
  private readonly scores: Float32Array;
  private readonly allowed: Uint8Array;
  private readonly stamps: Int32Array;
  private readonly across = new Float32Array(MAX_QUERY_WORDS);
  private searches = 0;

  constructor(titles: readonly string[], years: ArrayLike<number>, popularity: ArrayLike<number>) {
    const n = titles.length;
    // One pass over the titles into flat lists (no object per key): the words in order, where each key ends, and
    // per key its weight and own word count. Then words become ids in sorted order, so that a prefix is one
    // contiguous range of the vocabulary.
    const flat: string[] = [];
    const wordEnds: number[] = [];
    const weights: number[] = [];
    const lengths: number[] = [];
    this.keyFrom = new Int32Array(n + 1);
    const ids = new Map<string, number>();
    const idOf = (w: string): number => {
      let id = ids.get(w);
      if (id === undefined) ids.set(w, (id = ids.size));
      return id;
    };
    const yearIds: number[] = [];
    this.yearFrom = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) {
      this.keyFrom[i] = weights.length;
      const shown = displayTitle(titles[i]!);
      const texts =
        shown.original === null
          ? [shown.name, ...shown.alsoKnownAs]
          : [shown.name, shown.original, ...shown.alsoKnownAs];
      for (const text of texts) {
        const own = addWords(text, flat);
        if (own === 0) continue;
        weights.push(weights.length === this.keyFrom[i] ? 1 : ALTERNATIVE_WEIGHT);
        lengths.push(own);
        wordEnds.push(flat.length);
      }
      if (weights.length === this.keyFrom[i]) {
        // Nothing readable in the shown forms (punctuation only): the title as stored.
        weights.push(1);
        lengths.push(addWords(titles[i]!, flat));
        wordEnds.push(flat.length);
      }
      this.yearFrom[i] = yearIds.length;
      const dated = new Set(shown.withYear.slice(shown.name.length).match(YEARS));
      if (years[i]! > 0) dated.add(String(years[i]));
      for (const y of dated) yearIds.push(idOf(y));
    }
    const keys = weights.length;
    this.keyFrom[n] = keys;
    this.yearFrom[n] = yearIds.length;
    const firstIds = Int32Array.from(flat, idOf);
    this.vocabulary = [...ids.keys()].sort();
    const rank = new Int32Array(ids.size);
    this.vocabulary.forEach((w, r) => (rank[ids.get(w)!] = r));
    this.keyWords = firstIds.map((id) => rank[id]!);
    this.yearWords = Int32Array.from(yearIds, (id) => rank[id]!);
    this.wordFrom = new Int32Array(keys + 1);
    this.wordFrom.set(wordEnds, 1);
    this.keyWeight = Float32Array.from(weights);
    this.keyLength = Int32Array.from(lengths);
    this.keyArticle = new Uint8Array(keys);
    for (let k = 0; k < keys; k++)
      this.keyArticle[k] =
        lengths[k]! > 1 && ARTICLE_SET.has(this.vocabulary[this.keyWords[this.wordFrom[k]!]!]!) ? 1 : 0;

    // Postings, each item once per word (its year included): counted, then filled. `seen[w]` is the last item
    // that listed word w.
    const words = this.vocabulary.length;
    const seen = new Int32Array(words).fill(-1);
    this.postingFrom = new Int32Array(words + 1);
    this.postingItems = new Int32Array(0);
    for (const fill of [false, true]) {
      const next = this.postingFrom.slice(0, words);
      if (fill) this.postingItems = new Int32Array(this.postingFrom[words]!);
      seen.fill(-1);
      const add = (i: number, w: number): void => {
        if (seen[w] === i) return;
        seen[w] = i;
        if (fill) this.postingItems[next[w]!++] = i;
        else this.postingFrom[w + 1]!++;
      };
      for (let i = 0; i < n; i++) {
        for (let p = this.wordFrom[this.keyFrom[i]!]!; p < this.wordFrom[this.keyFrom[i + 1]!]!; p++)
          add(i, this.keyWords[p]!);
        for (let p = this.yearFrom[i]!; p < this.yearFrom[i + 1]!; p++) add(i, this.yearWords[p]!);
      }
      if (!fill) for (let w = 0; w < words; w++) this.postingFrom[w + 1]! += this.postingFrom[w]!;
    }

    this.scores = new Float32Array(n);
    this.allowed = new Uint8Array(n);
    this.stamps = new Int32Array(n);
    let most = 0;
    for (let i = 0; i < n; i++) most = Math.max(most, popularity[i]!);
    this.popularity = new Float32Array(n);
    for (let i = 0; i < n; i++)
      this.popularity[i] = most > 0 ? Math.log1p(Math.max(0, popularity[i]!)) / Math.log1p(most) : 0;
  }

  /** Item indices matching the query, best first. */
  search(query: string, limit: number): number[] {
    const words = queryWords(query);
    if (words.length === 0 || limit <= 0) return [];
    const matched = words.map((w) => this.wordsMatching(w));
    // A leading article may be left out of the title ("the godfather" finds a dataset's "Godfather"), unless it is
    // all there is to the query.
    const optional = words.map((w, i) => i === 0 && words.length > 1 && ARTICLE_SET.has(w));
    const tables = matched.map((m, q) => {
      const table = (this.tables[q] ??= new Float32Array(this.vocabulary.length));
      for (let j = 0; j < m.ids.length; j++) table[m.ids[j]!] = m.scores[j]!;
      return table;
    });
    try {
      const candidates = this.itemsWithAll(matched, optional);
      for (const item of candidates) {
        const relevance = this.relevance(item, tables, optional);
        if (relevance > 0) {
          this.scores[item] = relevance + POPULARITY_WEIGHT * this.popularity[item]!;
          this.allowed[item] = 1;
        }
      }
      const best = Array.from(topK(this.scores, limit, this.allowed, this.popularity));
      for (const item of candidates) this.allowed[item] = 0;
      return best;
    } finally {
      matched.forEach((m, q) => {
        for (const id of m.ids) tables[q]![id] = 0;
      });
    }
  }

  /** Vocabulary words a query word matches, with how well: every word it starts, and one typo away if long. */
  private wordsMatching(q: string): Matched {
    const known = this.memo.get(q);
    if (known) return known;
    const ids: number[] = [];
    const scores: number[] = [];
    const v = this.vocabulary;
    const start = this.lowerBound(q);
    let end = start;
    for (; end < v.length && v[end]!.startsWith(q); end++) {
      ids.push(end);
      scores.push(v[end]!.length === q.length ? EXACT : PREFIX_MIN + PREFIX_SPAN * (q.length / v[end]!.length));
    }
    if (q.length >= MIN_TYPO_LENGTH) {
      // The first letter is trusted: "heat" must never turn into "theater".
      const first = q[0]!;
      for (let w = this.lowerBound(first); w < v.length && v[w]!.startsWith(first); w++) {
        if ((w >= start && w < end) || v[w]!.length < q.length - 1) continue;
        if (withinOneTypo(q, v[w]!, commonPrefix(q, v[w]!))) {
          ids.push(w);
          scores.push(TYPO);
        }
      }
    }
    const found = { ids: Int32Array.from(ids), scores: Float32Array.from(scores) };
    if (this.memo.size >= MEMO_SIZE) this.memo.delete(this.memo.keys().next().value!);
    this.memo.set(q, found);
    return found;
  }

  private lowerBound(prefix: string): number {
    let lo = 0;
    let hi = this.vocabulary.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.vocabulary[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Items holding a match for the rarest required query word (relevance() checks the others), each once: the
   * postings of its words, deduplicated with a stamp per item rather than a Set.
   */
  private itemsWithAll(matched: Matched[], optional: boolean[]): Int32Array {
    let rarest: Matched | null = null;
    let rarestSize = Infinity;
    matched.forEach((m, q) => {
      if (optional[q]) return;
      let size = 0;
      for (const w of m.ids) size += this.postingFrom[w + 1]! - this.postingFrom[w]!;
      if (size < rarestSize) [rarest, rarestSize] = [m, size];
    });
    const stamp = ++this.searches;
    const items = new Int32Array(rarestSize);
    let count = 0;
    for (const w of (rarest as Matched | null)?.ids ?? [])
      for (let p = this.postingFrom[w]!; p < this.postingFrom[w + 1]!; p++) {
        const item = this.postingItems[p]!;
        if (this.stamps[item] === stamp) continue;
        this.stamps[item] = stamp;
        items[count++] = item;
      }
    return items.subarray(0, count);
  }

  /**
   * The best of the item's keys: each required query word's best match in the key, the key's weight, and the
   * bonuses for a key that starts with the query or is all of it. Words found only across keys count less; 0 when
   * a required word is not in the item at all.
   */
  private relevance(item: number, tables: Float32Array[], optional: boolean[]): number {
    const yearsFrom = this.yearFrom[item]!;
    const yearsTo = this.yearFrom[item + 1]!;
    const across = this.across.fill(0, 0, tables.length);
    let best = 0;
    for (let k = this.keyFrom[item]!; k < this.keyFrom[item + 1]!; k++) {
      const from = this.wordFrom[k]!;
      const to = this.wordFrom[k + 1]!;
      const skip = this.keyArticle[k]!;
      let sum = 0;
      let complete = true;
      let firstAt = -1;
      // Title words after a leading article that the query spells out (exactly, or with its one typo), to tell
      // "The Terminator" from "Terminator 2"; a prefix ("toy" of "Toys") or the year does not spell a title word.
      let spelled = 0;
      let partial = false;
      let datedBy = false;
      for (let q = 0; q < tables.length; q++) {
        const table = tables[q]!;
        let score = 0;
        let at = -1;
        for (let p = from; p < to; p++) {
          const s = table[this.keyWords[p]!]!;
          if (s > score) {
            score = s;
            at = p;
          }
        }
        // The year only where no title word matches as well ("1984 1984" is the film 1984 of 1984).
        for (let p = yearsFrom; p < yearsTo; p++) {
          const s = table[this.yearWords[p]!]!;
          if (s > score) {
            score = s;
            at = to;
            datedBy ||= s === EXACT;
          }
        }
        if (score > across[q]!) across[q] = score;
        if (score === 0) {
          if (!optional[q]) complete = false;
          continue;
        }
        sum += score;
        if (score !== EXACT && score !== TYPO) partial = true;
        else if (at < to && !(skip === 1 && at === from)) spelled++;
        // Where the query starts in the title: its first word found among the title's words (a left-out article
        // found elsewhere in the title does not count).
        if (firstAt < 0 && at < to && (!optional[q] || at === from)) firstAt = at;
      }
      if (!complete) continue;
      let total = sum * this.keyWeight[k]!;
      const titleWords = this.keyLength[k]! - skip;
      if (firstAt === from + skip || (skip === 1 && firstAt === from)) {
        total += STARTS_BONUS;
        if (!partial && spelled >= titleWords) total += datedBy ? WHOLE_BONUS + DATED_BONUS : WHOLE_BONUS;
      }
      if (total > best) best = total;
    }
    if (best > 0) return best;
    let sum = 0;
    for (let q = 0; q < tables.length; q++) {
      if (across[q] === 0 && !optional[q]) return 0;
      sum += across[q]!;
    }
    return sum * SCATTERED_WEIGHT;
  }
}
