/**
 * Model mode's tune: the weights of popularity and content next to iALS and the star-agreement weight with MF's stars,
 * by the search and guard of tuning/search.ts; on a seeded sample of users when the ratings are too many to refit.
 */
import type { Dataset } from '../dataset/dataset.ts';
import type { TrainingSet } from '../model-contracts.ts';
import { sampleUsersWithin } from '../dataset/training-set.ts';
import type { IalsModel } from '../models/ials.ts';
import { MODEL_TUNING_LIMIT } from '../tuning/limits.ts';
import {
  componentPools,
  prepareFolds,
  reporter,
  guardShippedList,
  searchPenalty,
  searchStarWeight,
  searchWeights,
  type Fold,
  type TuneOptions,
  type TuningReport,
} from '../tuning/search.ts';
import { DEFAULT_TUNING, type Tuning } from '../tuning/tuning.ts';
import { ModelModeRankers } from './rankers.ts';
import { DEFAULT_MODEL_WEIGHTS, starPredictor } from './shipped-models.ts';

export interface ModelTuneOptions extends TuneOptions {
  /** Fits the anchor (iALS, with the settings of the fit the build ships) on a fold's training part. */
  fitAnchor: (train: TrainingSet) => Promise<IalsModel>;
  /** Most ratings the tune refits on (default MODEL_TUNING_LIMIT); past it, a seeded sample of users that fits. */
  limit?: number;
}

/** What model mode ships untuned: the tuning record's defaults with model mode's blend weights and no penalty. */
export const MODEL_DEFAULT_TUNING: Tuning = {
  ...DEFAULT_TUNING,
  rank: {
    ...DEFAULT_TUNING.rank,
    weights: { ...DEFAULT_TUNING.rank.weights, ...DEFAULT_MODEL_WEIGHTS },
    // iALS's list loses more to the popularity penalty than EASE's (its tune on ml-latest-small turns it off).
    popularityPenalty: 0,
  },
};

/**
 * Model mode's tune: the weights of popularity and content next to iALS (refitted on one fold's training part: the
 * factors the build ships have seen the holdout) and the star-agreement weight with MF's stars, by the same search
 * and guard as tuneRanking. The record keeps the ratings-mode parts at their defaults. Past `options.limit` ratings it
 * tunes on a seeded sample of whole users whose ratings fit under it: the weights are a property of the data's kind,
 * which thousands of users show as well as millions, and the refits then cost what a dataset at the limit costs.
 */
export async function tuneModelMode(
  dataset: Dataset,
  all: TrainingSet,
  options: ModelTuneOptions,
): Promise<TuningReport> {
  const { note, done } = reporter(MODEL_DEFAULT_TUNING, options.log);
  const limit = options.limit ?? MODEL_TUNING_LIMIT;
  const train = sampleUsersWithin(all, limit, options.seed);
  if (train !== all)
    note(
      `${all.items.length} ratings, more than model mode refits iALS on for its tune (${limit}): tuned on a seeded ` +
        `sample of ${train.userCount} of ${all.userCount} users (${train.items.length} ratings)`,
    );
  const prepared = prepareFolds(dataset, train, options.folds ?? 1, options.seed, note);
  if (!prepared) return done(MODEL_DEFAULT_TUNING);
  const folds: Fold[] = [];
  for (const fold of prepared) {
    const { blend } = new ModelModeRankers(dataset, DEFAULT_MODEL_WEIGHTS, await options.fitAnchor(fold.split.train));
    for (const { name, ranker } of blend.parts)
      if (name !== 'ials') ranker.fit(fold.split.train, { seed: options.seed });
    folds.push({ ...fold, components: blend.parts.map((p) => p.ranker) });
  }
  const pools = folds.map(componentPools);
  const names = ['ials', 'popularity', 'content'];
  const defaults = MODEL_DEFAULT_TUNING.rank.weights;
  const defaultWeights = Float64Array.of(1, defaults.popularity, defaults.content);
  // As in ratings mode: the penalty first, then the weights, popularity's only where there is no penalty.
  const tunedBeta = searchPenalty(pools, defaultWeights, MODEL_DEFAULT_TUNING.rank.popularityPenalty, note);
  const fixed = tunedBeta > 0 ? ['popularity'] : [];
  const setting = { weights: searchWeights(pools, names, defaultWeights, tunedBeta, note, fixed), beta: tunedBeta };
  const stars = searchStarWeight(folds[0]!, pools[0]!, setting, [starPredictor()], options.seed, note);
  const { weights, beta, starWeight, band } = guardShippedList(
    names,
    { ...setting, starWeight: stars.weight, band: DEFAULT_TUNING.stars.band },
    stars,
    note,
  );
  return done({
    rank: {
      ...MODEL_DEFAULT_TUNING.rank,
      weights: { ...defaults, popularity: weights[1]!, content: weights[2]! },
      popularityPenalty: beta,
    },
    stars: { weight: starWeight, band },
  });
}
