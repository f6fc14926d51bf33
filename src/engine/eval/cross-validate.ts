/**
 * k-fold cross-validation of rating predictors. Each fold: fit on the other folds, then, for every user with
 * test ratings, fold in that user's TRAIN ratings and predict the held-out ones — the same path the app takes
 * for its own user, so the figures measure what the app does.
 */
import type { Dataset } from '../dataset/dataset.ts';
import type { RatingPredictor, TrainingSet } from '../model-contracts.ts';
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
  /** Mean milliseconds per fold-in of a test user (rater()). */
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

export type PredictorFactories = Record<string, () => RatingPredictor>;

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
export function scoreHoldOut(model: RatingPredictor, train: TrainingSet, test: RatingTriples): HoldOutScore {
  const errors = new RatingErrors();
  let foldInMs = 0;
  let predictMs = 0;
  let users = 0;
  let k = 0;
  while (k < test.users.length) {
    const u = test.users[k]!;
    let t0 = performance.now();
    const rate = model.rater(profileOfUser(train, u));
    let t1 = performance.now();
    foldInMs += t1 - t0;
    users++;
    t0 = t1;
    for (; k < test.users.length && test.users[k] === u; k++) errors.add(rate(test.items[k]!), test.values[k]!);
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

/**
 * k-fold cross-validation of the predictors `fit` returns for each fold's training part, by name. A predictor
 * returned under several names (rows of one engine sharing their stars) is scored once.
 */
export function crossValidate(
  data: Dataset | TrainingSet,
  fit: (train: TrainingSet, fold: number) => Record<string, RatingPredictor>,
  options: { folds?: number; seed?: number; onFold?: (model: string, fold: number, score: HoldOutScore) => void } = {},
): Record<string, Omit<PredictorScore, 'fitMs'>> {
  const all = asTrainingSet(data);
  const folds = options.folds ?? 5;
  const labels = kFoldAssignment(ratingCountOf(all), folds, options.seed ?? 1);
  const scores: Record<string, HoldOutScore[]> = {};
  for (let f = 0; f < folds; f++) {
    const { train, test } = splitByLabel(all, labels, f);
    const scored = new Map<RatingPredictor, HoldOutScore>();
    for (const [name, model] of Object.entries(fit(train, f))) {
      let score = scored.get(model);
      if (!score) scored.set(model, (score = scoreHoldOut(model, train, test)));
      (scores[name] ??= []).push(score);
      options.onFold?.(name, f, score);
    }
  }
  const mean = (list: HoldOutScore[], key: keyof HoldOutScore) => list.reduce((s, x) => s + x[key], 0) / list.length;
  return Object.fromEntries(
    Object.entries(scores).map(([name, list]) => [
      name,
      {
        rmse: mean(list, 'rmse'),
        mae: mean(list, 'mae'),
        count: list.reduce((s, x) => s + x.count, 0),
        foldInMs: mean(list, 'foldInMs'),
        predictUs: mean(list, 'predictUs'),
        foldRmse: list.map((x) => x.rmse),
      },
    ]),
  );
}

/** crossValidate() of fresh predictors from `options.models` (default: every rating predictor), with their fit times. */
export function crossValidatePredictors(
  data: Dataset | TrainingSet,
  options: CrossValidateOptions = {},
): Record<string, PredictorScore> {
  const seed = options.seed ?? 1;
  const models = options.models ?? defaultPredictors();
  const clock = options.clock ?? (() => performance.now());
  const fitMs: Record<string, number> = {};
  const lastFit: Record<string, number> = {};
  const { onFold } = options;
  const scores = crossValidate(
    data,
    (train, f) =>
      Object.fromEntries(
        Object.entries(models).map(([name, make]) => {
          const model = make();
          const t0 = clock();
          model.fit(train, { seed: seed + f });
          lastFit[name] = clock() - t0;
          fitMs[name] = (fitMs[name] ?? 0) + lastFit[name];
          return [name, model];
        }),
      ),
    { ...options, onFold: onFold && ((name, f, s) => onFold(name, f, { ...s, fitMs: lastFit[name]! })) },
  );
  const folds = options.folds ?? 5;
  return Object.fromEntries(
    Object.entries(scores).map(([name, score]) => [name, { ...score, fitMs: fitMs[name]! / folds }]),
  );
}
