/**
 * Plain data crossing the page ↔ worker boundary (structured-clone friendly: no class instances, no $state
 * proxies). Items are named by their external id (movieId), never by the engine's dense index.
 */
import type { Manifest } from '../engine/dataset.ts';
import type { RecommendOptions } from '../engine/recommend-types.ts';

/** One of the user's ratings. */
export interface RatedItem {
  id: number;
  value: number;
}

export type ProfileEntries = RatedItem[];

export interface ItemSummary {
  id: number;
  /** The dataset's full title, year included when the dataset has one: "Heat (1995)", "Matrix, The (1999)". */
  title: string;
  /** 0 when unknown. */
  year: number;
  genres: string[];
}

export interface ItemDetails extends ItemSummary {
  /** Most used tags, most used first. */
  tags: string[];
  /** Mean rating of the dataset's users; 0 with no ratings. */
  average: number;
  ratingCount: number;
  imdbUrl: string | null;
  tmdbUrl: string | null;
}

export interface Reason {
  id: number;
  title: string;
  rating: number;
}

export interface RecommendedItem extends ItemSummary {
  predicted: number;
  score: number;
  because: Reason[];
}

/** What the page may ask recommend() for: the engine's options, with items named by external id. */
export interface RecommendRequest extends Omit<RecommendOptions, 'exclude'> {
  /** External ids never to return (hidden / "not interested"); rated items are always excluded. */
  exclude?: number[];
}

/**
 * Start-up phases in order. After 'ready' a cold start still reports how stage 2 went: 'predictor' when the
 * rating predictor arrived from the second worker, 'predictor-here' when it had to be fitted in this one.
 */
export type InitPhase = 'download' | 'decode' | 'cache' | 'fit' | 'ready' | 'predictor' | 'predictor-here' | 'save';

export interface InitProgress {
  phase: InitPhase;
  /** Fraction of this phase done, in [0, 1]; null when unknown. */
  fraction: number | null;
}

export interface InitTimings {
  downloadMs: number;
  decodeMs: number;
  /** Loading the cached engine, or fitting it when there was no usable cache. */
  modelMs: number;
  totalMs: number;
}

export interface InitResult {
  manifest: Manifest;
  itemCount: number;
  genres: string[];
  fromCache: boolean;
  timings: InitTimings;
  /** Why the cache was not used, when it was there but unusable. */
  cacheProblem: string | null;
}
