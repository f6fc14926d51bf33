/**
 * The ratings-mode tune: the rank blend's weights, EASE's λ and the star-agreement weight, by the search and guard of
 * tuning/search.ts. In order, each step building on the last:
 *  1. EASE's λ, doubling or halving from the default while NDCG of EASE alone rises (one refit per step, on the
 *     first fold only);
 *  2. the popularity penalty's β, over every fold;
 *  3. the blend weights after the anchor, over every fold (popularity's only where there is no penalty);
 *  4. the star-agreement weight, on the first fold, with the stars of the predictor blend and of the bias model (the
 *     app shows one, then the other) counted alike;
 *  5. the guard: the tuned list against each single component and against itself without the star step.
 * A dataset too large for the refits is not tuned at all.
 */
import type { Dataset } from '../dataset/dataset.ts';
import type { Ranker, RatingPredictor, TrainingSet } from '../model-contracts.ts';
import { BaselineModel } from '../models/baseline.ts';
import { EaseModel } from '../models/ease.ts';
import { BlendModel } from '../models/predict-blend.ts';
import { TUNING_LIMITS } from '../tuning/limits.ts';
import {
  componentPools,
  describe,
  fullNdcg,
  mean,
  prepareFolds,
  reporter,
  guardShippedList,
  searchPenalty,
  searchStarWeight,
  searchWeights,
  verdict,
  type Side,
  type TuneOptions,
  type TuningReport,
} from '../tuning/search.ts';
import { DEFAULT_TUNING, type Tuning } from '../tuning/tuning.ts';
import { RatingsRankers } from './rankers.ts';

/** Up to this EASE side (its inverse costs side³ per fit) a second fold is cheap enough to halve the search's noise. */
const TWO_FOLDS_UP_TO_SIDE = 1000;
/** EASE λ is tried at the default × 2^±step, up to this many steps each way. */
const LAMBDA_STEPS = 3;

/** Why a dataset is too large to tune, or null. */
export function tuningRefusal(train: TrainingSet): string | null {
  const side = easeSide(train);
  if (train.items.length <= TUNING_LIMITS.ratings && side <= TUNING_LIMITS.easeSide) return null;
  return (
    `too large to tune at build time (${train.items.length} ratings, EASE side ${side}; the tuner refits up to ` +
    `${TUNING_LIMITS.ratings} ratings and side ${TUNING_LIMITS.easeSide})`
  );
}

/** The side of the matrix EASE inverts: the smaller of users and items. */
const easeSide = (train: TrainingSet): number => Math.min(train.userCount, train.itemCount);

export function tuneRanking(dataset: Dataset, train: TrainingSet, options: TuneOptions): TuningReport {
  const { note, done } = reporter(DEFAULT_TUNING, options.log);
  const refusal = tuningRefusal(train);
  if (refusal) {
    note(`${refusal}: defaults`);
    return done(DEFAULT_TUNING);
  }
  const foldCount = options.folds ?? (easeSide(train) <= TWO_FOLDS_UP_TO_SIDE ? 2 : 1);
  const prepared = prepareFolds(dataset, train, foldCount, options.seed, note);
  if (!prepared) return done(DEFAULT_TUNING);
  const folds = prepared.map((fold) => ({
    ...fold,
    components: fitComponents(dataset, fold.split.train, options.seed),
  }));
  const first = folds[0]!;

  // 1. EASE's λ, on the first fold.
  const defaultLambda = DEFAULT_TUNING.rank.easeLambda;
  const easeFits = new Map<number, { model: Ranker; ndcg: Partial<Record<Side, Float64Array>> }>();
  const easeNdcg = (lambda: number, side: Side): Float64Array => {
    let fit = easeFits.get(lambda);
    if (!fit) {
      const model = lambda === defaultLambda ? first.components[0]! : new EaseModel({ lambda });
      if (model !== first.components[0]) model.fit(first.split.train, { seed: options.seed });
      easeFits.set(lambda, (fit = { model, ndcg: {} }));
    }
    return (fit.ndcg[side] ??= fullNdcg(first, side, fit.model));
  };
  const easeMean = (lambda: number) => mean(easeNdcg(lambda, 'search'));
  let bestLambda = defaultLambda;
  for (const direction of [2, 0.5]) {
    let lambda = defaultLambda;
    for (let step = 0; step < LAMBDA_STEPS && easeMean(lambda * direction) > easeMean(lambda); step++)
      lambda *= direction;
    bestLambda = lambda;
    // Better one way: the other way starts from the worse side of the default.
    if (bestLambda !== defaultLambda) break;
  }
  let easeLambda = defaultLambda;
  if (bestLambda === defaultLambda) note(`EASE λ: neither ${2 * defaultLambda} nor ${defaultLambda / 2} ranks better`);
  else {
    const v = verdict(easeNdcg(bestLambda, 'check'), easeNdcg(defaultLambda, 'check'));
    note(`EASE λ ${bestLambda} against ${defaultLambda}: ${describe(v)}`);
    if (v.clear) {
      easeLambda = bestLambda;
      first.components[0] = easeFits.get(bestLambda)!.model;
      for (const fold of folds.slice(1)) {
        fold.components[0] = new EaseModel({ lambda: easeLambda });
        fold.components[0].fit(fold.split.train, { seed: options.seed });
      }
    }
  }

  const pools = folds.map(componentPools);
  const names = new RatingsRankers(dataset).blend.parts.map((p) => p.name);
  const defaultWeights = Float64Array.from(names, (name, c) =>
    c === 0 ? 1 : DEFAULT_TUNING.rank.weights[name as keyof Tuning['rank']['weights']],
  );
  // 2. The popularity penalty's β with the default weights, over every fold.
  const tunedBeta = searchPenalty(pools, defaultWeights, DEFAULT_TUNING.rank.popularityPenalty, note);

  // 3. Blend weights after the anchor, over every fold. With a penalty, popularity's weight stays at its default:
  // the two pull the same way in opposite directions, and a search over both undoes the penalty on noise.
  const fixed = tunedBeta > 0 ? ['popularity'] : [];
  const tunedWeights = searchWeights(pools, names, defaultWeights, tunedBeta, note, fixed);

  // 4. Star-agreement weight, on the first fold's lists from the chosen blend; the app labels with the predictor
  // blend, and with the bias model until that is fitted: both count.
  const raters: RatingPredictor[] = [new BlendModel(), new BaselineModel()];
  const setting = { weights: tunedWeights, beta: tunedBeta };
  const stars = searchStarWeight(first, pools[0]!, setting, raters, options.seed, note);

  // 5. The guard: the list ships only if no single component (nor the list without its star step) ranks clearly
  // better.
  const { weights, beta, starWeight, band } = guardShippedList(
    names,
    { ...setting, starWeight: stars.weight, band: DEFAULT_TUNING.stars.band },
    stars,
    note,
  );
  const weightOf = (name: string): number => weights[names.indexOf(name)]!;
  return done({
    rank: {
      weights: {
        'implicit-knn': weightOf('implicit-knn'),
        popularity: weightOf('popularity'),
        content: weightOf('content'),
      },
      easeLambda,
      popularityPenalty: beta,
    },
    stars: { weight: starWeight, band },
  });
}

/** The blend's parts fitted on a fold's training part, in blend order (EASE first, at the default λ). */
function fitComponents(dataset: Dataset, train: TrainingSet, seed: number): Ranker[] {
  const { blend } = new RatingsRankers(dataset);
  blend.fit(train, { seed });
  return blend.parts.map((p) => p.ranker);
}
