/**
 * The in-memory dataset every part of Matinee works on: the snapshot decoder produces it, the CSV parser
 * produces it, the models read it. Items and users are dense indices (0..n-1) in ascending order of their
 * external ids; external ids are kept so that exports and links speak the dataset's own language.
 */

export interface RatingScale {
  min: number;
  max: number;
  step: number;
}

export interface Manifest {
  name: string;
  /** Singular noun for one item: "movie", "game", "book". */
  itemNoun: string;
  ratingScale: RatingScale;
  license: string;
  /** Optional free-form credit line shown in the app. */
  credit?: string;
  /**
   * How the build ships the dataset, when dataset.json says so: "ratings" (the device fits its models) or "model"
   * (the build fits them). Absent: chosen by size (src/engine/model-mode/mode.ts).
   */
  mode?: SnapshotMode;
}

export type SnapshotMode = 'ratings' | 'model';

export interface Dataset {
  manifest: Manifest;

  // ---- items (movies.csv, links.csv), indexed 0..itemCount-1 by ascending external id
  /** External item ids (movieId), strictly ascending. */
  itemIds: Int32Array;
  titles: string[];
  /** Release year parsed from a trailing "(YYYY)" in the title, 0 when absent. */
  years: Int16Array;
  /** Genre vocabulary, in first-seen order of movies.csv. "(no genres listed)" is not a genre. */
  genres: string[];
  /** CSR: genres of item i are itemGenres[genreOffsets[i] .. genreOffsets[i+1]), indices into `genres`. */
  genreOffsets: Uint32Array;
  itemGenres: Uint16Array;
  /** IMDb numeric id (the digits after "tt"), 0 when unknown. */
  imdbIds: Int32Array;
  /** TMDB id, 0 when unknown. */
  tmdbIds: Int32Array;

  // ---- users and ratings (ratings.csv), CSR by user, each user's ratings sorted by item index
  /** External user ids, strictly ascending. */
  userIds: Int32Array;
  /** Ratings of user u are at positions userOffsets[u] .. userOffsets[u+1]. */
  userOffsets: Uint32Array;
  ratingItems: Int32Array;
  ratingValues: Float32Array;
  /** Unix seconds; NaN when ratings.csv has no timestamp column. */
  ratingTimes: Float64Array;

  // ---- tags (tags.csv), in file order
  /** External user id of the tagger (taggers need not have rated anything). */
  tagUserIds: Int32Array;
  tagItems: Int32Array;
  /** Index into tagVocabulary (exact strings; case is kept). */
  tagTexts: Uint32Array;
  tagVocabulary: string[];
  /** Unix seconds; NaN when absent. */
  tagTimes: Float64Array;
  /**
   * Present in a tag summary (a model-mode snapshot, dataset/tag-summary.ts): row k stands for tagCounts[k]
   * applications of its text to its item, one row per distinct (item, text), and tagUserIds and tagTimes are empty.
   */
  tagCounts?: Uint32Array;

  /**
   * Per item, how many ratings it has and their mean (0 when none), from ratings the dataset does not carry: a
   * model-mode snapshot ships these instead of the ratings (whose arrays are then empty). Absent when the ratings
   * are here to count.
   */
  ratingSummary?: RatingSummary;
}

export interface RatingSummary {
  counts: Uint32Array;
  means: Float32Array;
}

/**
 * Whether a value read back from storage has the shape the engine relies on (the arrays' types and the lengths
 * that tie them together): a damaged copy must fail here, not as wrong answers later.
 */
export function hasDatasetShape(value: unknown): value is Dataset {
  const d = value as Partial<Dataset> | null | undefined;
  const n = d?.itemIds?.length ?? -1;
  return (
    d !== null &&
    d !== undefined &&
    d.itemIds instanceof Int32Array &&
    Array.isArray(d.titles) &&
    d.titles.length === n &&
    d.userOffsets instanceof Uint32Array &&
    d.ratingItems instanceof Int32Array &&
    d.ratingValues instanceof Float32Array &&
    d.ratingValues.length === d.ratingItems.length &&
    d.userOffsets[d.userOffsets.length - 1] === d.ratingItems.length &&
    d.genreOffsets instanceof Uint32Array &&
    d.genreOffsets.length === n + 1 &&
    (d.tagCounts === undefined ||
      (d.tagCounts instanceof Uint32Array &&
        d.tagItems instanceof Int32Array &&
        d.tagCounts.length === d.tagItems.length)) &&
    (d.ratingSummary === undefined ||
      (d.ratingSummary.counts instanceof Uint32Array &&
        d.ratingSummary.counts.length === n &&
        d.ratingSummary.means instanceof Float32Array &&
        d.ratingSummary.means.length === n)) &&
    typeof d.manifest === 'object'
  );
}

/** Binary search for a dense index in a strictly ascending id array; -1 when absent. */
export function indexOfId(ids: Int32Array, id: number): number {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = ids[mid]!;
    if (v === id) return mid;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Genre names of one item. */
export function genresOf(d: Dataset, item: number): string[] {
  const out: string[] = [];
  for (let k = d.genreOffsets[item]!; k < d.genreOffsets[item + 1]!; k++) out.push(d.genres[d.itemGenres[k]!]!);
  return out;
}

/** IMDb's own spelling of an id: "tt" and at least seven digits. */
export function imdbCode(imdbId: number): string {
  return 'tt' + String(imdbId).padStart(7, '0');
}

/** Genre overlap (Jaccard) of two items: the fallback similarity for MMR, needs nothing but the catalogue. */
export function genreJaccard(dataset: Dataset): (a: number, b: number) => number {
  const { genreOffsets: off, itemGenres: g } = dataset;
  return (a, b) => {
    const a0 = off[a]!;
    const a1 = off[a + 1]!;
    const b0 = off[b]!;
    const b1 = off[b + 1]!;
    if (a1 === a0 || b1 === b0) return 0;
    let common = 0;
    for (let x = a0; x < a1; x++) for (let y = b0; y < b1; y++) if (g[x] === g[y]) common++;
    return common / (a1 - a0 + (b1 - b0) - common);
  };
}
