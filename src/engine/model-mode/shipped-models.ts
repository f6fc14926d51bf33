/**
 * What a model-mode snapshot ships in place of the ratings, and how each piece is made, in one place for the build
 * (which fits it), eval (which scores exactly that) and the device (which loads it):
 * - the ranker's anchor, implicit ALS (ials.ts, DEFAULT_IALS: int8 item factors with a per-row scale and their
 *   Gramian, so a new user is one k×k solve), fitted by the build or read from Spark's item factors;
 * - the star predictor, biased MF with its closed-form fold-in and int8 item factors (quantised-model.ts);
 * - the blend weights of popularity (from the shipped rating counts) and content (from the catalogue's genres and
 *   tags, rebuilt on the device) next to iALS's 1;
 * - the mean training rating and how many users and ratings the models saw (for the record).
 * As one flat ModelState, the form both the snapshot's model sections and the model cache store.
 */
import type { Dataset } from '../dataset/dataset.ts';
import { meanOf } from '../numeric/mean.ts';
import { ShapeError, type ModelState, type TrainingSet } from '../model-contracts.ts';
import { ContentModel } from '../models/content.ts';
import { IalsModel, type IalsOptions } from '../models/ials.ts';
import { MatrixFactorizationModel } from '../models/mf.ts';
import { PopularityModel } from '../models/popularity.ts';
import { QuantisedFactorsModel } from '../models/quantised-model.ts';
import { RankBlendModel } from '../models/rank-blend.ts';
import { expectModel, stateNumber, withoutPrefix, withPrefix } from '../models/state.ts';

export interface ModelModeWeights {
  popularity: number;
  content: number;
}

/**
 * Next to iALS's 1, as the ratings-mode blend weighs EASE: content adds a little to a collaborative ranker, popularity
 * nothing (its counts still serve cold start, the knob and the onboarding picks). `npm run eval -- --models
 * model-mode,ials-q8` prints what the blend adds to iALS alone.
 */
export const DEFAULT_MODEL_WEIGHTS: ModelModeWeights = { popularity: 0, content: 0.1 };

const STATE_NAME = 'model-mode';

export interface ShippedModels {
  ials: IalsModel;
  predictor: QuantisedFactorsModel;
  weights: ModelModeWeights;
  /** Mean of every training rating. */
  globalMean: number;
  trainedOn: { users: number; ratings: number };
}

/** The star predictor as shipped: biased MF whose item factors are int8 from the moment it is fitted. */
export function starPredictor(): QuantisedFactorsModel {
  return new QuantisedFactorsModel(new MatrixFactorizationModel(), 'int8');
}

/** The fitted (or loaded) parts of the rank blend; absent ones are created unfitted, for fit(). */
export interface RankingParts {
  ials?: IalsModel;
  popularity?: PopularityModel;
  content?: ContentModel;
}

/** Model mode's rank blend: iALS (the anchor, weight 1), popularity and content. */
export function modelModeRanking(
  dataset: Dataset,
  weights: ModelModeWeights,
  parts: RankingParts = {},
  ialsOptions: Partial<IalsOptions> = {},
): RankBlendModel {
  return new RankBlendModel([
    { name: 'ials', create: () => parts.ials ?? new IalsModel(ialsOptions), weight: 1 },
    { name: 'popularity', create: () => parts.popularity ?? new PopularityModel(), weight: weights.popularity },
    { name: 'content', create: () => parts.content ?? new ContentModel(dataset), weight: weights.content },
  ]);
}

/** Everything model mode ships, fitted in this thread (eval, tests; the build fits iALS on every core instead). */
export function fitShippedModels(
  train: TrainingSet,
  seed: number,
  weights: ModelModeWeights = DEFAULT_MODEL_WEIGHTS,
  ialsOptions: Partial<IalsOptions> = {},
): ShippedModels {
  const ials = new IalsModel(ialsOptions);
  ials.fit(train, { seed });
  return shippedModels(train, ials, fitStarPredictor(train, seed), weights);
}

export function fitStarPredictor(
  train: TrainingSet,
  seed: number,
  onProgress?: (fraction: number) => void,
): QuantisedFactorsModel {
  const predictor = starPredictor();
  predictor.fit(train, { seed, onProgress });
  return predictor;
}

/** The record of models fitted on `train`. */
export function shippedModels(
  train: TrainingSet,
  ials: IalsModel,
  predictor: QuantisedFactorsModel,
  weights: ModelModeWeights,
): ShippedModels {
  return {
    ials,
    predictor,
    weights,
    globalMean: meanOf(train.values),
    trainedOn: { users: train.userCount, ratings: train.items.length },
  };
}

export function shippedState(m: ShippedModels): ModelState {
  return {
    model: STATE_NAME,
    'weights.popularity': m.weights.popularity,
    'weights.content': m.weights.content,
    globalMean: m.globalMean,
    users: m.trainedOn.users,
    ratings: m.trainedOn.ratings,
    ...withPrefix('ials', m.ials.save()),
    ...withPrefix('mf', m.predictor.save()),
  };
}

/** The models of a state written by shippedState, checked against the catalogue's item count. */
export function readShippedState(state: ModelState, itemCount: number): ShippedModels {
  expectModel(state, STATE_NAME);
  const weight = (key: string): number => {
    const w = stateNumber(state, key);
    if (!(w >= 0 && w <= 100)) throw new ShapeError(`model state: "${key}" should be from 0 to 100, got ${w}`);
    return w;
  };
  const weights = { popularity: weight('weights.popularity'), content: weight('weights.content') };
  const ials = new IalsModel();
  const predictor = starPredictor();
  for (const [prefix, model] of [
    ['ials', ials],
    ['mf', predictor],
  ] as const) {
    try {
      model.load(withoutPrefix(prefix, state));
    } catch (e) {
      if (e instanceof ShapeError) throw new ShapeError(`${prefix}: ${e.message}`);
      throw e;
    }
  }
  const mfItems = (predictor.inner as MatrixFactorizationModel).itemCount;
  if (ials.itemCount !== itemCount || mfItems !== itemCount)
    throw new ShapeError(
      `model state: iALS has ${ials.itemCount} items and MF ${mfItems}, the catalogue ${itemCount}: built for other data`,
    );
  const count = (key: string): number => {
    const n = stateNumber(state, key);
    if (!(Number.isInteger(n) && n >= 0)) throw new ShapeError(`model state: "${key}" should be a count, got ${n}`);
    return n;
  };
  const globalMean = stateNumber(state, 'globalMean');
  if (!Number.isFinite(globalMean)) throw new ShapeError('model state: "globalMean" is not finite');
  return { ials, predictor, weights, globalMean, trainedOn: { users: count('users'), ratings: count('ratings') } };
}
