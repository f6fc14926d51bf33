/**
 * What the worker asks of an engine, whichever mode built the snapshot: the ratings-mode Engine (fitted on the device
 * from the ratings) and the model-mode ModelEngine (loaded from the models the build fitted) both answer it, and both
 * round-trip through the model cache as an EngineState.
 */
import type { Dataset, SnapshotMode } from './dataset/dataset.ts';
import type { EngineState } from './ratings-mode/ratings-engine.ts';
import type { Profile } from './model-contracts.ts';
import type { Algorithm, Contribution, Recommendation, RecommendOptions } from './recommend-types.ts';
import type { Tuning } from './tuning/tuning.ts';

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
  explain(profile: Profile, item: number): Contribution[];
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
