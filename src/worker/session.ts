/**
 * The worker's API, declared once: every public method of RecommenderSession is a call the page can make (api.ts
 * exposes them, the page's bridge derives its wrappers from this type), so adding a call means adding a method
 * here. Helpers are #private, so they are neither on the prototype nor in the type. Arguments and answers are
 * plain data in external item ids (src/engine/catalogue/types.ts); the engine speaks dense indices and typed arrays.
 */
import {
  browseItems,
  catalogueFacets,
  detailsOf,
  itemStats,
  onboardingCandidates,
  summaryOf,
  type ItemStats,
} from '../engine/catalogue/catalogue.ts';
import { SearchIndex } from '../engine/catalogue/search-index.ts';
import type {
  BrowseKind,
  BrowsePage,
  CatalogueFacets,
  ItemDetails,
  ItemSummary,
  ProfileEntries,
  Reason,
  RecommendRequest,
  RecommendedItem,
  SearchHit,
} from '../engine/catalogue/types.ts';
import { indexOfId, type Dataset } from '../engine/dataset/dataset.ts';
import { REASONS_PER_ITEM } from '../engine/engine-base.ts';
import {
  itemLabel,
  parseExportJson,
  parseRatingsCsv,
  type ItemLabel,
  type UserFileFormat,
} from '../engine/user-data/export-format.ts';
import type { HistoryImport, HistorySource } from '../engine/user-data/external-history.ts';
import { importHistory } from '../engine/user-data/importers.ts';
import type { UserData } from '../engine/user-data/user-data.ts';
import type { Profile } from '../engine/model-contracts.ts';
import type { Algorithm, Contribution, RecommendOptions } from '../engine/recommend-types.ts';
import type { Recommender } from '../engine/recommender.ts';

/**
 * When the page asks for no list after start-up (a view without recommendations), the search index is still
 * built ahead of the first keystroke after this pause: by then the first view has rendered.
 */
const WARM_UP_FALLBACK_MS = 1000;

export class RecommenderSession {
  readonly #engine: Recommender;
  readonly #dataset: Dataset;
  readonly #stats: ItemStats;
  #searchIndex: SearchIndex | null = null;
  #facets: CatalogueFacets | null = null;
  #warmUpScheduled = false;

  constructor(engine: Recommender) {
    this.#engine = engine;
    this.#dataset = engine.dataset;
    this.#stats = itemStats(this.#dataset);
    setTimeout(() => this.#warmUp(), WARM_UP_FALLBACK_MS);
  }

  recommend(entries: ProfileEntries, request: RecommendRequest): RecommendedItem[] {
    const { exclude, ...rest } = request;
    const options: RecommendOptions = { ...rest };
    if (exclude) options.exclude = exclude.map((id) => this.#indexOf(id)).filter((j) => j >= 0);
    const list = this.#engine.recommend(this.#profileOf(entries), options).map((r) => ({
      ...this.#summary(r.item),
      predicted: r.predicted,
      score: r.score,
      because: this.#reasons(r.because),
    }));
    this.#afterFirstList();
    return list;
  }

  /** Predicted rating per id, null for ids the dataset does not have. */
  predict(entries: ProfileEntries, ids: number[], algorithm?: Algorithm): (number | null)[] {
    const items = ids.map((id) => this.#indexOf(id));
    const known = items.filter((j) => j >= 0);
    const predicted = this.#engine.predict(this.#profileOf(entries), known, algorithm);
    let k = 0;
    return items.map((j) => (j >= 0 ? predicted[k++]! : null));
  }

  similar(id: number, limit: number): ItemSummary[] {
    const item = this.#indexOf(id);
    if (item < 0) return [];
    return this.#engine.similar(item, limit).map((s) => this.#summary(s.item));
  }

  /** The user's rated items that pull this one up most, strongest first, as the algorithm's list gives them. */
  explain(entries: ProfileEntries, id: number, algorithm?: Algorithm): Reason[] {
    const item = this.#indexOf(id);
    if (item < 0) return [];
    const reasons = this.#engine.explain(this.#profileOf(entries), item, algorithm);
    return this.#reasons(reasons.slice(0, REASONS_PER_ITEM));
  }

  details(id: number): ItemDetails | null {
    const item = this.#indexOf(id);
    return item < 0 ? null : detailsOf(this.#dataset, this.#stats, item);
  }

  /** Summaries of the ids the dataset has, in the order asked. */
  summaries(ids: number[]): ItemSummary[] {
    return ids.map((id) => this.#indexOf(id)).flatMap((j) => (j >= 0 ? [this.#summary(j)] : []));
  }

  /** How exports name the items of these ids (those the dataset has): title, year, IMDb id. */
  exportLabels(ids: number[]): ItemLabel[] {
    return ids.map((id) => this.#indexOf(id)).flatMap((j) => (j >= 0 ? [itemLabel(this.#dataset, j)] : []));
  }

  /** Titles matching the query, best first, with the stars predicted for this profile (when it has ratings). */
  search(query: string, limit: number, entries: ProfileEntries = [], algorithm?: Algorithm): SearchHit[] {
    return this.#hits(this.#index.search(query, limit), entries, algorithm);
  }

  /** The first `limit` items with a tag or of a genre, best known first (catalogue.ts), with predicted stars. */
  browse(
    kind: BrowseKind,
    name: string,
    limit: number,
    entries: ProfileEntries = [],
    algorithm?: Algorithm,
  ): BrowsePage {
    const items = browseItems(this.#dataset, this.#stats, kind, name);
    return { items: this.#hits(items.slice(0, limit), entries, algorithm), total: items.length };
  }

  /** Item counts by decade and genre, and the years the catalogue covers. */
  facets(): CatalogueFacets {
    this.#facets ??= catalogueFacets(this.#dataset);
    return this.#facets;
  }

  onboarding(genres: string[], limit: number, skipIds: number[]): ItemSummary[] {
    const picks = onboardingCandidates(this.#dataset, this.#stats, genres, limit, new Set(skipIds));
    this.#afterFirstList();
    return picks.map((j) => this.#summary(j));
  }

  /**
   * A Matinee export (JSON) or a ratings CSV, validated against the dataset; throws ImportError naming the file
   * (as the user chose it), the line and the field.
   */
  parseUserData(text: string, format: UserFileFormat, file: string): UserData {
    const parse = format === 'json' ? parseExportJson : parseRatingsCsv;
    return parse(text, this.#dataset, Date.now(), file);
  }

  /** Another site's rating history matched to the dataset's items, for the user to check before importing. */
  previewExternalImport(source: HistorySource, text: string, file: string): HistoryImport {
    return importHistory(source, text, this.#dataset, file);
  }

  /** Dense index of an external id; -1 when the dataset does not have it. */
  #indexOf(id: number): number {
    return indexOfId(this.#dataset.itemIds, id);
  }

  /**
   * Plain {id, value} entries → engine Profile. Items the dataset does not know (imported from elsewhere) and
   * repeated ids (the last one wins) are dropped rather than failing the whole request.
   */
  #profileOf(entries: ProfileEntries): Profile {
    const byItem = new Map<number, number>();
    for (const { id, value } of entries) {
      const item = this.#indexOf(id);
      if (item >= 0 && Number.isFinite(value)) byItem.set(item, value);
    }
    return { items: Int32Array.from(byItem.keys()), values: Float32Array.from(byItem.values()) };
  }

  /** Summaries with the stars predicted for the profile; null stars when it has no ratings to predict from. */
  #hits(items: number[], entries: ProfileEntries, algorithm?: Algorithm): SearchHit[] {
    const profile = this.#profileOf(entries);
    const predicted =
      profile.items.length > 0 && items.length > 0 ? this.#engine.predict(profile, items, algorithm) : [];
    return items.map((j, k) => ({ ...this.#summary(j), predicted: predicted[k] ?? null }));
  }

  #summary(item: number): ItemSummary {
    return summaryOf(this.#dataset, item);
  }

  #reasons(contributions: Contribution[]): Reason[] {
    return contributions.map((c) => {
      const { id, title, name } = this.#summary(c.item);
      return { id, title, name, rating: c.rating };
    });
  }

  /** The title index: built when first needed, or ahead of time by #warmUp(). */
  get #index(): SearchIndex {
    this.#searchIndex ??= new SearchIndex(this.#dataset.titles, this.#dataset.years, this.#stats.counts);
    return this.#searchIndex;
  }

  /** Build what the first search needs while the user is still reading, so the first keystroke is instant. */
  #warmUp(): void {
    try {
      void this.#index;
    } catch {
      // The first search builds it again, and its caller hears what went wrong.
    }
  }

  /**
   * The first list the page waits for (recommendations or onboarding picks) is being answered: warm up a
   * macrotask later, once the answer has been posted, not before it, since building the index takes a while.
   */
  #afterFirstList(): void {
    if (this.#warmUpScheduled) return;
    this.#warmUpScheduled = true;
    setTimeout(() => this.#warmUp(), 0);
  }
}
