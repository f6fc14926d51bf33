/**
 * npm run tune:stars (flags: --help)
 *
 * Picks the star-agreement weight (src/engine/ranking/star-agreement.ts) and prints the trade-off it buys: NDCG@10
 * against the share of the top-10 predicted below the user's own mean. The weight is chosen on a per-user
 * holdout carved out of the TRAINING part of the evaluation split (never its test ratings): the largest
 * weight whose NDCG@10 there stays within --tolerance of weight 0, with either rating model's stars. The same curve is then printed on the
 * evaluation holdout (what `npm run eval` reports), with the predictor blend's stars (a fitted engine) and
 * with the bias model's (a staged engine before its predictor arrives). What it picks is the default every dataset
 * starts from; the build's tuner (src/engine/tuning/tune.ts) lowers it for a dataset where it costs clearly more.
 */
import { perUserHoldout, type Split } from '../engine/eval/holdout.ts';
import { evaluateWithStars } from '../engine/eval/star-agreement-eval.ts';
import type { Ranker, RatingPredictor } from '../engine/model-contracts.ts';
import { BaselineModel } from '../engine/models/baseline.ts';
import { BlendModel } from '../engine/models/predict-blend.ts';
import { RatingsRankers } from '../engine/ratings-mode/rankers.ts';
import { STAR_AGREEMENT } from '../engine/ranking/star-agreement.ts';
import { trainingSetFromDataset } from '../engine/dataset/training-set.ts';
import { loadDatasetFolder } from '../pipeline/dataset-folder.ts';
import { parseCli } from './cli-args.ts';

const {
  values: { seed, tolerance, weights },
  dataset: dir,
} = parseCli({
  name: 'tune:stars',
  command: 'npm run tune:stars --',
  about:
    'Picks the star-agreement weight on a holdout inside the training ratings and prints the trade-off it buys\n' +
    '(NDCG@10 against the top-10 share predicted below the user mean) on the evaluation holdout.',
  dataset: true,
  flags: {
    seed: { type: 'number', value: 'N', integer: true, default: 1, help: 'seed of the holdouts and the fits' },
    tolerance: {
      type: 'number',
      value: 'X',
      min: 0,
      default: 0.003,
      help: 'NDCG@10 the chosen weight may lose against weight 0',
    },
    weights: {
      type: 'number',
      value: 'A,B',
      list: true,
      min: 0,
      default: [0, 0.5, 1, 2, 3, 4, 5, 7, 10],
      help: 'the weights tried',
    },
  },
});

const dataset = loadDatasetFolder(dir);

interface Point {
  weight: number;
  ndcg: number;
  coverage: number;
  belowMean: number;
  belowLow: number;
  tau: number;
  invertedHalf: number;
}

function curve(split: Split, ranker: Ranker, rater: RatingPredictor): Point[] {
  return weights.map((weight) => {
    const r = evaluateWithStars(split, ranker, rater, { agreement: { ...STAR_AGREEMENT, weight } });
    return {
      weight,
      ndcg: r['ndcg@10'],
      coverage: r['coverage@10'],
      belowMean: r['below-mean@10'],
      belowLow: r['below-low@10'],
      tau: r['tau@10'],
      invertedHalf: r['inverted-half@10'],
    };
  });
}

function fitted(split: Split): { ranker: Ranker; predictor: RatingPredictor; biases: RatingPredictor } {
  const ranker = new RatingsRankers(dataset).blend;
  const predictor = new BlendModel();
  const biases = new BaselineModel();
  for (const m of [ranker, predictor, biases]) m.fit(split.train, { seed });
  return { ranker, predictor, biases };
}

function print(title: string, points: Point[]): void {
  console.log(`\n${title}`);
  console.log(
    ['weight', 'ndcg@10', 'coverage@10', 'below-mean', 'below-3', 'tau', 'inv≥½★'].map((c) => c.padStart(12)).join(''),
  );
  for (const p of points)
    console.log(
      [p.weight, p.ndcg, p.coverage, p.belowMean, p.belowLow, p.tau, p.invertedHalf]
        .map((v, c) => (c === 0 ? String(v) : v.toFixed(4)).padStart(12))
        .join(''),
    );
}

const evaluation = perUserHoldout(trainingSetFromDataset(dataset), 0.2, seed);
// The tuning holdout lives inside the evaluation split's training ratings.
const tuning = perUserHoldout(evaluation.train, 0.2, seed ^ 0x57a5);
const inner = fitted(tuning);
const tuned = curve(tuning, inner.ranker, inner.predictor);
print(`tuning holdout inside TRAIN (seed ${seed}), predictor-blend stars`, tuned);
const tunedBiases = curve(tuning, inner.ranker, inner.biases);
print(`tuning holdout inside TRAIN (seed ${seed}), bias-model stars`, tunedBiases);
// The engine shows either rating model (bias stars until stage 2 arrives): the weight must suit both.
const floor = (points: Point[]): number => (points.find((p) => p.weight === 0) ?? points[0]!).ndcg - tolerance;
const chosen = weights
  .filter((w, k) => tuned[k]!.ndcg >= floor(tuned) && tunedBiases[k]!.ndcg >= floor(tunedBiases))
  .reduce((a, b) => Math.max(a, b), 0);
console.log(`\nchosen weight: ${chosen} (largest whose tuning NDCG@10 stays within ${tolerance} of weight 0 for both)`);

const outer = fitted(evaluation);
print(
  'evaluation holdout (npm run eval), predictor-blend stars (fitted engine)',
  curve(evaluation, outer.ranker, outer.predictor),
);
print(
  'evaluation holdout, bias-model stars (staged engine before stage 2)',
  curve(evaluation, outer.ranker, outer.biases),
);
console.log(
  `\nengine default: weight ${STAR_AGREEMENT.weight}, pool ${STAR_AGREEMENT.pool}, band ${STAR_AGREEMENT.band} of the range`,
);
