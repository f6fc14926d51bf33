/**
 * The models `npm run eval` compares, by the name the app knows them by (recommend-types' Algorithm, plus
 * the baseline, a plain-EASE reference, the rank blend with the defaults, and before its star re-rank). Each has
 * the model that ranks and the model that predicts ratings — the same pairing as Engine.ranker / Engine.ratingModel.
 * "blend" is what the app ships in ratings mode: the blend and star re-rank with the parameters tuned for the dataset,
 * which eval tunes on its training part as the build tunes on the whole dataset; "model-mode" what it ships in model
 * mode (model-mode/shipped-models.ts), tuned likewise on its training part.
 */
import type { Dataset } from '../engine/dataset/dataset.ts';
import type { Model } from '../engine/model-contracts.ts';
import { rankComponents } from '../engine/ratings-mode/ratings-engine.ts';
import { BaselineModel } from '../engine/models/baseline.ts';
import { ContentModel } from '../engine/models/content.ts';
import { EaseModel } from '../engine/models/ease.ts';
import { IalsModel } from '../engine/models/ials.ts';
import { ImplicitKnnModel } from '../engine/models/implicit-knn.ts';
import { ItemKnnModel } from '../engine/models/itemknn.ts';
import { MatrixFactorizationModel } from '../engine/models/mf.ts';
import { PopularityModel } from '../engine/models/popularity.ts';
import { BlendModel } from '../engine/models/predict-blend.ts';
import { RankBlendModel } from '../engine/models/rank-blend.ts';
import { STAR_AGREEMENT, type StarAgreementOptions } from '../engine/ranking/star-agreement.ts';
import { modelModeRanking, starPredictor } from '../engine/model-mode/shipped-models.ts';
import { MODEL_DEFAULT_TUNING } from '../engine/tuning/tune.ts';
import { DEFAULT_TUNING, type Tuning } from '../engine/tuning/tuning.ts';

export interface EvaluatedModel {
  /** Orders the catalogue (holdout ranking metrics). */
  ranker: () => Model;
  /** Predicts ratings (RMSE / MAE); the same factory as `ranker` when one model does both. */
  rater: () => Model;
  /** Re-order the ranker's top candidates by the rater's stars, as Engine.recommend does for the default list. */
  agreement?: StarAgreementOptions;
}

/**
 * @param tuned the parameters "blend" ranks with (tuned on the training ratings only).
 * @param modelTuned the parameters "model-mode" ranks with (model mode's tune, on the training ratings only).
 */
export function evaluatedModels(
  dataset: Dataset,
  tuned: Tuning,
  modelTuned: Tuning = MODEL_DEFAULT_TUNING,
): Record<string, EvaluatedModel> {
  const same = (make: () => Model): EvaluatedModel => ({ ranker: make, rater: make });
  const blend = (tuning: Tuning, reranked: boolean): EvaluatedModel => ({
    ranker: () => new RankBlendModel(rankComponents(dataset, tuning.rank)),
    rater: () => new BlendModel(),
    ...(reranked ? { agreement: { ...STAR_AGREEMENT, weight: tuning.stars.weight } } : {}),
  });
  const modelMode = (tuning: Tuning): EvaluatedModel => ({
    ranker: () => modelModeRanking(dataset, tuning.rank.weights),
    rater: starPredictor,
    agreement: { ...STAR_AGREEMENT, weight: tuning.stars.weight },
  });
  return {
    blend: blend(tuned, true),
    // The MovieLens defaults every dataset had before it was tuned, with and without the star-agreement re-rank.
    'blend-default': blend(DEFAULT_TUNING, true),
    'blend-raw': blend(DEFAULT_TUNING, false),
    ease: same(() => new EaseModel()),
    'ease-binary': same(() => new EaseModel({ lambda: 250, weighting: 'binary' })),
    itemknn: { ranker: () => new ImplicitKnnModel(), rater: () => new ItemKnnModel() },
    mf: same(() => new MatrixFactorizationModel()),
    // Model mode's ingredients: iALS ranks (stars from biased MF), with float factors and as shipped (int8).
    ials: { ranker: () => new IalsModel({ encoding: 'float32' }), rater: () => new MatrixFactorizationModel() },
    'ials-q8': { ranker: () => new IalsModel(), rater: starPredictor },
    'mf-q8': same(starPredictor),
    // What a model-mode snapshot ships, fitted and tuned as the build does: the iALS blend with the star re-rank, MF
    // stars; and the same with the defaults it ships untuned.
    'model-mode': modelMode(modelTuned),
    'model-mode-default': modelMode(MODEL_DEFAULT_TUNING),
    baseline: same(() => new BaselineModel()),
    popularity: same(() => new PopularityModel()),
    content: same(() => new ContentModel(dataset)),
  };
}
