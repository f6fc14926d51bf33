/**
 * What the worker asks of an engine, whichever mode built the snapshot: the ratings-mode RatingsEngine (fitted on the
 * device from the ratings) and the model-mode ModelEngine (loaded from the models the build fitted) both answer it, and
 * both round-trip through the model cache as an EngineState.
 */
import type { Dataset, SnapshotMode } from './dataset/dataset.ts';
import type { ModelState, Profile } from './model-contracts.ts';
import type { Algorithm, Contribution, Recommendation, RecommendOptions } from './recommend-types.ts';
import type { Tuning } from './tuning/tuning.ts';

/** Bump when a saved state's layout or the fitting changes: it is part of the model-cache key. */
export const ENGINE_VERSION = 10;

interface StateHead {
  version: number;
  /** The parameters it was fitted with (the dataset's tuning record), which recommend() keeps using. */
  tuning: Tuning;
}

/** A ratings-mode engine's parameters: its rankers, and its rating predictor or, staged, what stands in for it. */
export interface RatingsEngineState extends StateHead {
  mode: 'ratings';
  /** The rank blend with its parts. */
  ranking: ModelState;
  stars: WholeStars | StagedStars;
}

/** The predictor blend, fitted. */
export interface WholeStars {
  stage: 'whole';
  predictor: ModelState;
}

/**
 * A cold start cut short after its first stage: the bias model that labels stars meanwhile and the seed the predictor
 * is still to be fitted with (load() resumes the staged engine, which fits only the predictor).
 */
export interface StagedStars {
  stage: 'staged';
  fallback: ModelState;
  seed: number;
}

/** A model-mode engine's parameters: the models the build shipped and content's item vectors (built on the device). */
export interface ModelEngineState extends StateHead {
  mode: 'model';
  shipped: ModelState;
  content: ModelState;
}

export type EngineState = RatingsEngineState | ModelEngineState;

export interface Recommender {
  readonly dataset: Dataset;
  readonly mode: SnapshotMode;
  /** The algorithms it can rank with, "blend" (the default) first. */
  readonly algorithms: readonly Algorithm[];
  /** The dataset's tuning record it ranks with. */
  readonly tuning: Tuning;
  /** Whether its rating predictor is there (a staged ratings-mode fit adds it later; model mode ships it). */
  readonly predictorReady: boolean;
  recommend(profile: Profile, options?: RecommendOptions): Recommendation[];
  predict(profile: Profile, items: number[], algorithm?: Algorithm): number[];
  similar(item: number, limit?: number): { item: number; score: number }[];
  explain(profile: Profile, item: number, algorithm?: Algorithm): Contribution[];
  popular(limit: number, options?: { genres?: string[] }): number[];
  /** Ranking scores of every item for a profile (rated items included). */
  scores(profile: Profile, algorithm?: Algorithm): Float32Array;
  /** Everything loading it again needs (for the model cache). */
  save(): EngineState;
}

/** The error for an algorithm this engine does not have (they arrive from the worker boundary as plain strings). */
export function unavailableAlgorithm(algorithm: unknown, engine: Pick<Recommender, 'algorithms' | 'mode'>): RangeError {
  return new RangeError(
    `algorithm "${String(algorithm)}" is not available for this dataset (${engine.mode} mode): expected one of ` +
      engine.algorithms.join(', '),
  );
}
