/**
 * The rows `npm run eval` compares. Most are what the app offers: one row per algorithm of each engine's table
 * (ratings mode's by their names, model mode's as "model-mode" for its default list and "model-mode/<algorithm>"),
 * read from the engines themselves, fitted on the training part with the tuning the build would choose (tuned on that
 * training part only). The rest are references the app does not ship: the blend with the MovieLens defaults, the same
 * without its star re-rank, binary EASE, iALS with float factors, the bias baseline, model mode untuned.
 */
import type { Dataset } from '../engine/dataset/dataset.ts';
import { ratingSummaryOf } from '../engine/dataset/rating-totals.ts';
import type { AlgorithmRow, Ranker, RatingPredictor, TrainingSet } from '../engine/model-contracts.ts';
import { ModelEngine } from '../engine/model-mode/model-engine.ts';
import { fitShippedModels } from '../engine/model-mode/shipped-models.ts';
import { MODEL_DEFAULT_TUNING } from '../engine/model-mode/tune.ts';
import { BaselineModel } from '../engine/models/baseline.ts';
import { ContentModel } from '../engine/models/content.ts';
import { EaseModel } from '../engine/models/ease.ts';
import { IalsModel } from '../engine/models/ials.ts';
import { MatrixFactorizationModel } from '../engine/models/mf.ts';
import { BlendModel } from '../engine/models/predict-blend.ts';
import { STAR_AGREEMENT, type StarAgreementOptions } from '../engine/ranking/star-agreement.ts';
import { RatingsEngine } from '../engine/ratings-mode/ratings-engine.ts';
import { MODEL_MODE_ALGORITHMS, RATINGS_MODE_ALGORITHMS, type Algorithm } from '../engine/recommend-types.ts';
import { DEFAULT_TUNING, type Tuning } from '../engine/tuning/tuning.ts';

export interface EvaluatedModel {
  /**
   * The ranker that orders the list and the predictor that labels it, fitted on `train`, and that fit's time. Rows of
   * one engine share its fit (and their star predictor, when it is the same one).
   */
  /** `seed` defaults to the one evaluatedModels was given (cross-validation varies it by fold). */
  fit(
    train: TrainingSet,
    seed?: number,
  ): AlgorithmRow & {
    fitMs: number;
    /** The engine's "similar items" (on its default row only: every row of an engine shares them). */
    similar?: (item: number, limit: number) => { item: number }[];
  };
  /** Re-order the ranker's top candidates by the stars, as the engine does for its default list. */
  agreement?: StarAgreementOptions;
  /** Which tuning the row ranks with: ratings mode's or model mode's tune (tuned on the training part), or none. */
  tunedBy: 'ratings' | 'model' | null;
}

/**
 * @param seed the fits' seed.
 * @param tuned the parameters ratings mode's "blend" ranks with (tuned on the training ratings only).
 * @param modelTuned the parameters "model-mode" ranks with (model mode's tune, on the training ratings only).
 */
export function evaluatedModels(
  dataset: Dataset,
  seed: number,
  tuned: Tuning,
  modelTuned: Tuning = MODEL_DEFAULT_TUNING,
): Record<string, EvaluatedModel> {
  // Each engine is fitted once per training part and tuning, then read by every row of its table.
  type Engine = Pick<RatingsEngine, 'row' | 'similar'>;
  type Fitted = { train: TrainingSet; fitMs: number; engine: Engine };
  const engines = new Map<string, Fitted>();
  const engine = (mode: 'ratings' | 'model', train: TrainingSet, tuning: Tuning, seed: number): Fitted => {
    const key = `${mode}:${seed}:${JSON.stringify(tuning)}`;
    let fitted = engines.get(key);
    if (fitted?.train !== train) {
      const t0 = performance.now();
      const e =
        mode === 'ratings'
          ? RatingsEngine.fit(dataset, { seed, tuning, train })
          : ModelEngine.fromSnapshot(
              { ...dataset, ratingSummary: ratingSummaryOf(train.items, train.values, train.itemCount) },
              fitShippedModels(train, seed, tuning.rank.weights),
              tuning,
            );
      engines.set(key, (fitted = { train, fitMs: performance.now() - t0, engine: e }));
    }
    return fitted;
  };
  const agreement = (tuning: Tuning): StarAgreementOptions => ({
    ...STAR_AGREEMENT,
    weight: tuning.stars.weight,
    band: tuning.stars.band,
  });
  const fromEngine = (
    mode: 'ratings' | 'model',
    algorithm: Algorithm,
    tuning: Tuning,
    tunedBy: EvaluatedModel['tunedBy'],
    reranked = algorithm === 'blend',
  ): EvaluatedModel => ({
    tunedBy,
    fit: (train, fitSeed = seed) => {
      const { engine: e, fitMs } = engine(mode, train, tuning, fitSeed);
      const similar = algorithm === 'blend' ? (item: number, limit: number) => e.similar(item, limit) : undefined;
      return { ...e.row(algorithm), fitMs, ...(similar ? { similar } : {}) };
    },
    ...(reranked ? { agreement: agreement(tuning) } : {}),
  });
  const own = (rank: () => Ranker, stars: () => RatingPredictor): EvaluatedModel => ({
    tunedBy: null,
    fit: (train, fitSeed = seed) => {
      const t0 = performance.now();
      const ranker = rank();
      ranker.fit(train, { seed: fitSeed });
      const predictor = stars();
      predictor.fit(train, { seed: fitSeed });
      return { rank: ranker, stars: predictor, fitMs: performance.now() - t0 };
    },
  });

  const rows: Record<string, EvaluatedModel> = {};
  for (const algorithm of RATINGS_MODE_ALGORITHMS) rows[algorithm] = fromEngine('ratings', algorithm, tuned, 'ratings');
  // The MovieLens defaults every dataset had before it was tuned, with and without the star-agreement re-rank.
  rows['blend-default'] = fromEngine('ratings', 'blend', DEFAULT_TUNING, null);
  rows['blend-raw'] = fromEngine('ratings', 'blend', DEFAULT_TUNING, null, false);
  rows['ease-binary'] = own(
    () => new EaseModel({ lambda: 250, weighting: 'binary' }),
    () => new BlendModel(),
  );
  // Content alone, which only serves the blends: what genres and tags find without anyone's ratings.
  rows.content = own(
    () => new ContentModel(dataset),
    () => new BlendModel(),
  );
  // What a model-mode snapshot ships, fitted and tuned as the build does, and each of its algorithms; then the same
  // untuned, and iALS with the float factors it is fitted with before the int8 it ships.
  for (const algorithm of MODEL_MODE_ALGORITHMS)
    rows[algorithm === 'blend' ? 'model-mode' : `model-mode/${algorithm}`] = fromEngine(
      'model',
      algorithm,
      modelTuned,
      'model',
    );
  rows['model-mode-default'] = fromEngine('model', 'blend', MODEL_DEFAULT_TUNING, null);
  rows['ials-float'] = own(
    () => new IalsModel({ encoding: 'float32' }),
    () => new MatrixFactorizationModel(),
  );
  rows.baseline = own(
    () => new BaselineModel(),
    () => new BaselineModel(),
  );
  return rows;
}
