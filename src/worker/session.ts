/**
 * The ready recommender: an Engine plus what the app shows about items, speaking external item ids and plain
 * data on one side and the engine's dense indices and typed arrays on the other.
 */
import { indexOfId, type Dataset } from '../engine/dataset.ts';
import type { Engine } from '../engine/engine.ts';
import type { Profile } from '../engine/model.ts';
import type { Algorithm, Contribution, RecommendOptions } from '../engine/recommend-types.ts';
import { detailsOf, itemStats, onboardingCandidates, summaryOf, type ItemStats } from '../engine/catalog/catalog.ts';
import { parseExportJson, parseRatingsCsv } from '../engine/import/export-format.ts';
import type { HistoryImport } from '../engine/import/external-history.ts';
import { importImdb } from '../engine/import/imdb.ts';
import { importLetterboxd } from '../engine/import/letterboxd.ts';
import type { UserData } from '../engine/import/user-data.ts';
import { SearchIndex } from '../engine/catalog/search-index.ts';
import type {
  ItemDetails,
  ItemSummary,
  ProfileEntries,
  Reason,
  RecommendRequest,
  RecommendedItem,
} from '../engine/catalog/types.ts';

export class RecommenderSession {
  readonly dataset: Dataset;
  readonly stats: ItemStats;
  private searchIndex: SearchIndex | null = null;

  constructor(readonly engine: Engine) {
    this.dataset = engine.dataset;
    this.stats = itemStats(this.dataset);
  }

  /** Dense index of an external id; -1 when the dataset does not have it. */
  indexOf(id: number): number {
    return indexOfId(this.dataset.itemIds, id);
  }

  /**
   * Plain {id, value} entries → engine Profile. Items the dataset does not know (imported from elsewhere) and
   * repeated ids (the last one wins) are dropped rather than failing the whole request.
   */
  profileOf(entries: ProfileEntries): Profile {
    const byItem = new Map<number, number>();
    for (const { id, value } of entries) {
      const item = this.indexOf(id);
      if (item >= 0 && Number.isFinite(value)) byItem.set(item, value);
    }
    return { items: Int32Array.from(byItem.keys()), values: Float32Array.from(byItem.values()) };
  }

  summary(item: number): ItemSummary {
    return summaryOf(this.dataset, item);
  }

  private reasons(contributions: Contribution[]): Reason[] {
    return contributions.map((c) => ({
      id: this.dataset.itemIds[c.item]!,
      title: this.dataset.titles[c.item]!,
      rating: c.rating,
    }));
  }

  recommend(entries: ProfileEntries, request: RecommendRequest): RecommendedItem[] {
    const { exclude, ...rest } = request;
    const options: RecommendOptions = { ...rest };
    if (exclude) options.exclude = exclude.map((id) => this.indexOf(id)).filter((j) => j >= 0);
    return this.engine.recommend(this.profileOf(entries), options).map((r) => ({
      ...this.summary(r.item),
      predicted: r.predicted,
      score: r.score,
      because: this.reasons(r.because),
    }));
  }

  /** Predicted rating per id, null for ids the dataset does not have. */
  predict(entries: ProfileEntries, ids: number[], algorithm?: Algorithm): (number | null)[] {
    const items = ids.map((id) => this.indexOf(id));
    const known = items.filter((j) => j >= 0);
    const predicted = this.engine.predict(this.profileOf(entries), known, algorithm);
    let k = 0;
    return items.map((j) => (j >= 0 ? predicted[k++]! : null));
  }

  similar(id: number, limit: number): ItemSummary[] {
    const item = this.indexOf(id);
    if (item < 0) return [];
    return this.engine.similar(item, limit).map((s) => this.summary(s.item));
  }

  explain(entries: ProfileEntries, id: number, limit = 3): Reason[] {
    const item = this.indexOf(id);
    if (item < 0) return [];
    return this.reasons(this.engine.explain(this.profileOf(entries), item).slice(0, limit));
  }

  details(id: number): ItemDetails | null {
    const item = this.indexOf(id);
    return item < 0 ? null : detailsOf(this.dataset, this.stats, item);
  }

  /** Summaries of the ids the dataset has, in the order asked. */
  summaries(ids: number[]): ItemSummary[] {
    return ids.map((id) => this.indexOf(id)).flatMap((j) => (j >= 0 ? [this.summary(j)] : []));
  }

  /** The title index (~30–200 ms to build): built when first needed, or ahead of time by warmUp(). */
  private get index(): SearchIndex {
    this.searchIndex ??= new SearchIndex(this.dataset.titles, this.dataset.years, this.stats.counts);
    return this.searchIndex;
  }

  /** Build what the first search needs while the user is still reading, so the first keystroke is instant. */
  warmUp(): void {
    void this.index;
  }

  search(query: string, limit: number): ItemSummary[] {
    return this.index.search(query, limit).map((j) => this.summary(j));
  }

  onboarding(genres: string[], limit: number, skipIds: number[]): ItemSummary[] {
    return onboardingCandidates(this.dataset, this.stats, genres, limit, new Set(skipIds)).map((j) => this.summary(j));
  }

  /** A Matinee export (JSON) or a ratings CSV, validated against the dataset; throws ImportError naming lines. */
  parseUserData(text: string, format: 'json' | 'csv'): UserData {
    return format === 'json' ? parseExportJson(text, this.dataset) : parseRatingsCsv(text, this.dataset);
  }

  /** Another site's rating history matched to the dataset's items, for the user to check before importing. */
  previewExternalImport(source: 'letterboxd' | 'imdb', text: string): HistoryImport {
    return source === 'letterboxd' ? importLetterboxd(text, this.dataset) : importImdb(text, this.dataset);
  }
}
