/**
 * The models `npm run eval` compares, by the name the app knows them by (recommend-types' Algorithm, plus
 * the baseline, a plain-EASE reference and the rank blend before its star re-rank). Each has the model that
 * ranks and the model that predicts ratings — the same pairing as Engine.ranker / Engine.ratingModel.
 */
import type { Dataset } from '../engine/dataset.ts';
import type { Model } from '../engine/model.ts';
import { rankComponents } from '../engine/engine.ts';
import { BaselineModel } from '../engine/models/baseline.ts';
import { ContentModel } from '../engine/models/content.ts';
import { EaseModel } from '../engine/models/ease.ts';
import { IalsModel } from '../engine/models/ials.ts';
import { ImplicitKnnModel } from '../engine/models/implicit-knn.ts';
import { ItemKnnModel } from '../engine/models/itemknn.ts';
import { MatrixFactorizationModel } from '../engine/models/mf.ts';
import { PopularityModel } from '../engine/models/popularity.ts';
import { BlendModel } from '../engine/models/predict-blend.ts';
import { QuantisedFactorsModel } from '../engine/models/quantised-model.ts';
import { RankBlendModel } from '../engine/models/rank-blend.ts';
import { STAR_AGREEMENT, type StarAgreementOptions } from '../engine/star-agreement.ts';

export interface EvaluatedModel {
  /** Orders the catalogue (holdout ranking metrics). */
  ranker: () => Model;
  /** Predicts ratings (RMSE / MAE); the same factory as `ranker` when one model does both. */
  rater: () => Model;
  /** Re-order the ranker's top candidates by the rater's stars, as Engine.recommend does for the default list. */
  agreement?: StarAgreementOptions;
}

export function evaluatedModels(dataset: Dataset): Record<string, EvaluatedModel> {
  const same = (make: () => Model): EvaluatedModel => ({ ranker: make, rater: make });
  return {
    blend: {
      ranker: () => new RankBlendModel(rankComponents(dataset)),
      rater: () => new BlendModel(),
      agreement: STAR_AGREEMENT,
    },
    // The rank blend's own order, before the star-agreement re-rank (the reference for what it costs).
    'blend-raw': { ranker: () => new RankBlendModel(rankComponents(dataset)), rater: () => new BlendModel() },
    ease: same(() => new EaseModel()),
    'ease-binary': same(() => new EaseModel({ lambda: 250, weighting: 'binary' })),
    itemknn: { ranker: () => new ImplicitKnnModel(), rater: () => new ItemKnnModel() },
    mf: same(() => new MatrixFactorizationModel()),
    // Model mode's ingredients: iALS ranks (stars from biased MF), with float factors and as shipped (int8).
    ials: { ranker: () => new IalsModel({ encoding: 'float32' }), rater: () => new MatrixFactorizationModel() },
    'ials-q8': {
      ranker: () => new IalsModel(),
      rater: () => new QuantisedFactorsModel(new MatrixFactorizationModel(), 'int8'),
    },
    'mf-q8': same(() => new QuantisedFactorsModel(new MatrixFactorizationModel(), 'int8')),
    baseline: same(() => new BaselineModel()),
    popularity: same(() => new PopularityModel()),
    content: same(() => new ContentModel(dataset)),
  };
}
