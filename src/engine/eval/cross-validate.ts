/**
 * k-fold cross-validation of rating predictors. Each fold: fit on the other folds, then, for every user with
 * test ratings, fold in that user's TRAIN ratings and predict the held-out ones — the same path the app takes
 * for its own user, so the figures measure what the app does.
 */
import type { Dataset } from '../dataset/dataset.ts';
import type { Model, TrainingSet } from '../model-contracts.ts';
import {
  kFoldAssignment,
  profileOfUser,
  ratingCountOf,
  splitByLabel,
  trainingSetFromDataset,
  type RatingTriples,
} from '../dataset/training-set.ts';
import { RatingErrors } from './rating-metrics.ts';
import { BaselineModel } from '../models/baseline.ts';
import { ItemKnnModel } from '../models/itemknn.ts';
import { MatrixFactorizationModel } from '../models/mf.ts';
import { BlendModel } from '../models/predict-blend.ts';

export interface HoldOutScore {
  rmse: number;
  mae: number;
  /** Test ratings predicted. */
  count: number;
  /** Mean milliseconds per foldIn of a test user. */
  foldInMs: number;
  /** Mean microseconds per predict call. */
  predictUs: number;
}

export interface PredictorScore extends HoldOutScore {
  /** Mean fit milliseconds per fold. */
  fitMs: number;
  /** Per-fold RMSE, to see the spread. */
  foldRmse: number[];
}

export type PredictorFactories = Record<string, () => Model>;

export interface CrossValidateOptions {
  folds?: number;
  seed?: number;
  /** Which predictors to evaluate (default: every rating predictor). */
  models?: PredictorFactories;
  /**
   * Milliseconds clock for fit times (default performance.now, wall time). Node CLIs may pass process CPU time,
   * which stays honest when other processes share the cores.
   */
  clock?: () => number;
  /** Called after each fitted fold, e.g. to print progress. */
  onFold?: (model: string, fold: number, score: HoldOutScore & { fitMs: number }) => void;
}

/** Every rating predictor with its default options, by name; "blend" is the one the app uses. */
export function defaultPredictors(): PredictorFactories {
  return {
    baseline: () => new BaselineModel(),
    itemknn: () => new ItemKnnModel(),
    mf: () => new MatrixFactorizationModel(),
    blend: () => new BlendModel(),
  };
}

/** Predict test triples (grouped by user, as splitByLabel yields them) through fold-in of each user's train ratings. */
export function scoreHoldOut(model: Model, train: TrainingSet, test: RatingTriples): HoldOutScore {
  const errors = new RatingErrors();
  let foldInMs = 0;
  let predictMs = 0;
  let users = 0;
  let k = 0;
  while (k < test.users.length) {
    const u = test.users[k]!;
    let t0 = performance.now();
    const folded = model.foldIn(profileOfUser(train, u));
    let t1 = performance.now();
    foldInMs += t1 - t0;
    users++;
    t0 = t1;
    for (; k < test.users.length && test.users[k] === u; k++)
      errors.add(model.predict(folded, test.items[k]!), test.values[k]!);
    t1 = performance.now();
    predictMs += t1 - t0;
  }
  return {
    rmse: errors.rmse,
    mae: errors.mae,
    count: errors.count,
    foldInMs: foldInMs / users,
    predictUs: (predictMs * 1000) / errors.count,
  };
}

function asTrainingSet(data: Dataset | TrainingSet): TrainingSet {
  return 'ratingItems' in data ? trainingSetFromDataset(data) : data;
}

export function crossValidatePredictors(
  data: Dataset | TrainingSet,
  options: CrossValidateOptions = {},
): Record<string, PredictorScore> {
  const all = asTrainingSet(data);
  const folds = options.folds ?? 5;
  const seed = options.seed ?? 1;
  const models = options.models ?? defaultPredictors();
  const clock = options.clock ?? (() => performance.now());
  const labels = kFoldAssignment(ratingCountOf(all), folds, seed);
  const sums: Record<
    string,
    { rmse: number[]; mae: number; fitMs: number; foldInMs: number; predictUs: number; count: number }
  > = {};
  for (let f = 0; f < folds; f++) {
    const { train, test } = splitByLabel(all, labels, f);
    for (const [name, make] of Object.entries(models)) {
      const model = make();
      const t0 = clock();
      model.fit(train, { seed: seed + f });
      const fitMs = clock() - t0;
      const score = scoreHoldOut(model, train, test);
      options.onFold?.(name, f, { ...score, fitMs });
      const s = (sums[name] ??= { rmse: [], mae: 0, fitMs: 0, foldInMs: 0, predictUs: 0, count: 0 });
      s.rmse.push(score.rmse);
      s.mae += score.mae;
      s.fitMs += fitMs;
      s.foldInMs += score.foldInMs;
      s.predictUs += score.predictUs;
      s.count += score.count;
    }
  }
  const out: Record<string, PredictorScore> = {};
  for (const [name, s] of Object.entries(sums)) {
    out[name] = {
      rmse: s.rmse.reduce((a, b) => a + b, 0) / folds,
      mae: s.mae / folds,
      count: s.count,
      fitMs: s.fitMs / folds,
      foldInMs: s.foldInMs / folds,
      predictUs: s.predictUs / folds,
      foldRmse: s.rmse,
    };
  }
  return out;
}
