/**
 * What a model-mode snapshot ships in place of the ratings, and how each piece is made, in one place for the build
 * (which fits it), eval (which scores exactly that) and the device (which loads it):
 * - the ranker's anchor, implicit ALS (ials.ts, DEFAULT_IALS: int8 item factors with a per-row scale and their
 *   Gramian, so a new user is one k×k solve), fitted by the build or read from Spark's item factors;
 * - the star predictor, biased MF with its closed-form fold-in and int8 item factors (quantised-model.ts);
 * - the blend weights of popularity (from the shipped rating counts) and content (from the catalogue's genres and
 *   tags, rebuilt on the device) next to iALS's 1;
 * - how many users and ratings the models saw (for the record).
 * As one ModelState, the form both the snapshot's model sections and the model cache store.
 */
import { ShapeError, type ModelState, type TrainingSet } from '../model-contracts.ts';
import { IalsModel, type IalsOptions } from '../models/ials.ts';
import { MatrixFactorizationModel } from '../models/mf.ts';
import { QuantisedFactorsModel } from '../models/quantised-model.ts';
import { expectModel, stateNumber, stateObject } from '../model-state.ts';

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
  predictor: StarPredictor;
  weights: ModelModeWeights;
  trainedOn: { users: number; ratings: number };
}

export type StarPredictor = QuantisedFactorsModel<MatrixFactorizationModel>;

/** The star predictor as shipped: biased MF whose item factors are int8 from the moment it is fitted. */
export function starPredictor(): StarPredictor {
  return new QuantisedFactorsModel(new MatrixFactorizationModel(), 'int8');
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
): StarPredictor {
  const predictor = starPredictor();
  predictor.fit(train, { seed, onProgress });
  return predictor;
}

/** The record of models fitted on `train`. */
export function shippedModels(
  train: TrainingSet,
  ials: IalsModel,
  predictor: StarPredictor,
  weights: ModelModeWeights,
): ShippedModels {
  return {
    ials,
    predictor,
    weights,
    trainedOn: { users: train.userCount, ratings: train.items.length },
  };
}

export function shippedState(m: ShippedModels): ModelState {
  return {
    model: STATE_NAME,
    weights: { popularity: m.weights.popularity, content: m.weights.content },
    users: m.trainedOn.users,
    ratings: m.trainedOn.ratings,
    ials: m.ials.save(),
    mf: m.predictor.save(),
  };
}

/** The models of a state written by shippedState, checked against the catalogue's item count. */
export function readShippedState(state: ModelState, itemCount: number): ShippedModels {
  expectModel(state, STATE_NAME);
  const saved = stateObject(state, 'weights');
  const weight = (key: keyof ModelModeWeights): number => {
    const w = stateNumber(saved, key);
    if (!(w >= 0 && w <= 100)) throw new ShapeError(`model state: weight "${key}" should be from 0 to 100, got ${w}`);
    return w;
  };
  const weights = { popularity: weight('popularity'), content: weight('content') };
  const ials = new IalsModel();
  const predictor = starPredictor();
  for (const [key, model] of [
    ['ials', ials],
    ['mf', predictor],
  ] as const) {
    try {
      model.load(stateObject(state, key));
    } catch (e) {
      if (e instanceof ShapeError) throw new ShapeError(`${key}: ${e.message}`);
      throw e;
    }
  }
  if (ials.itemCount !== itemCount || predictor.itemCount !== itemCount)
    throw new ShapeError(
      `model state: iALS has ${ials.itemCount} items and MF ${predictor.itemCount}, the catalogue ${itemCount}: ` +
        'built for other data',
    );
  const count = (key: string): number => {
    const n = stateNumber(state, key);
    if (!(Number.isInteger(n) && n >= 0)) throw new ShapeError(`model state: "${key}" should be a count, got ${n}`);
    return n;
  };
  return { ials, predictor, weights, trainedOn: { users: count('users'), ratings: count('ratings') } };
}
