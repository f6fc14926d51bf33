/**
 * The engine of a model-mode snapshot: it loads the models the build fitted (shipped-models.ts) and fits nothing.
 * A new user is folded in (iALS: one k×k solve from the shipped Gramian; MF: its closed-form ridge solve), the list is
 * one item-factor mat-vec blended with popularity (the shipped counts) and content (the catalogue's genres and tags),
 * similar items and "because you rated" come from the item factors, stars from MF. It answers what the ratings-mode
 * Engine answers (recommender.ts), so the worker, the page and the model cache do not care which one they hold.
 */
import type { Dataset } from '../dataset/dataset.ts';
import { ENGINE_VERSION, type EngineState } from '../ratings-mode/ratings-engine.ts';
import { explainFrom } from '../ranking/explain.ts';
import type { Model, Profile } from '../model-contracts.ts';
import { ContentModel } from '../models/content.ts';
import type { IalsModel } from '../models/ials.ts';
import type { MatrixFactorizationModel } from '../models/mf.ts';
import { PopularityModel } from '../models/popularity.ts';
import type { QuantisedFactorsModel } from '../models/quantised-model.ts';
import type { RankBlendModel } from '../models/rank-blend.ts';
import type { RatingRange } from '../models/rating-range.ts';
import type { Algorithm, Contribution } from '../recommend-types.ts';
import { EngineBase } from '../engine-base.ts';
import { unavailableAlgorithm } from '../recommender.ts';
import { DEFAULT_TUNING, parseTuning, type Tuning } from '../tuning/tuning.ts';
import { modelModeRanking, readShippedState, shippedState, type ShippedModels } from './shipped-models.ts';

const MODEL_MODE_ALGORITHMS: readonly Algorithm[] = ['blend', 'ials', 'mf', 'popularity', 'content'];

export class ModelEngine extends EngineBase {
  readonly mode = 'model';
  readonly algorithms = MODEL_MODE_ALGORITHMS;
  readonly predictorReady = true;
  readonly ials: IalsModel;
  readonly predictor: QuantisedFactorsModel;
  readonly ranking: RankBlendModel;
  protected readonly stars: RatingRange;

  private constructor(
    dataset: Dataset,
    tuning: Tuning,
    private readonly shipped: ShippedModels,
    readonly popularity: PopularityModel,
    readonly content: ContentModel,
  ) {
    super(dataset, tuning);
    this.ials = shipped.ials;
    this.predictor = shipped.predictor;
    this.ranking = modelModeRanking(dataset, shipped.weights, { ials: this.ials, popularity, content });
    this.ranking.useFitted(dataset.itemIds.length);
    this.stars = (this.predictor.inner as MatrixFactorizationModel).range;
  }

  /**
   * The engine of a decoded model-mode snapshot: its catalogue (with the per-item rating summary), its models and
   * its tuning record. Content's item vectors are built here, from the catalogue.
   */
  static fromSnapshot(dataset: Dataset, models: ShippedModels, tuning: Tuning | null = null): ModelEngine {
    const content = new ContentModel(dataset);
    content.fitCatalogue(models.globalMean);
    return new ModelEngine(
      dataset,
      tuning ?? DEFAULT_TUNING,
      models,
      popularityOf(dataset, models.globalMean),
      content,
    );
  }

  /** An engine saved by save() (the model cache), for the same dataset. */
  static load(dataset: Dataset, state: EngineState): ModelEngine {
    if (state.mode !== 'model') throw new Error('engine state is not a model-mode engine: refit');
    if (state.version !== ENGINE_VERSION)
      throw new Error(`engine state version ${state.version} does not match ENGINE_VERSION ${ENGINE_VERSION}: reload`);
    const tuning = parseTuning(state.tuning, 'engine state');
    const { shipped, content: contentState } = state.models;
    if (!shipped || !contentState) throw new Error('model-mode engine state lacks its models: reload');
    const models = readShippedState(shipped, dataset.itemIds.length);
    const content = new ContentModel(dataset);
    content.load(contentState);
    if (content.vectors.itemCount !== dataset.itemIds.length)
      throw new Error(`engine state has ${content.vectors.itemCount} items, the dataset ${dataset.itemIds.length}`);
    return new ModelEngine(dataset, tuning, models, popularityOf(dataset, models.globalMean), content);
  }

  save(): EngineState {
    return {
      version: ENGINE_VERSION,
      mode: 'model',
      tuning: this.tuning,
      models: { shipped: shippedState(this.shipped), content: this.content.save() },
    };
  }

  ranker(algorithm: Algorithm): Model {
    switch (algorithm) {
      case 'blend':
        return this.ranking;
      case 'ials':
        return this.ials;
      case 'mf':
        return this.predictor;
      case 'popularity':
        return this.popularity;
      case 'content':
        return this.content;
      default:
        throw unavailableAlgorithm(algorithm, this);
    }
  }

  /** Stars come from MF, except where a ranker predicts from its own neighbours (popularity, content). */
  ratingModel(algorithm: Algorithm): Model {
    const ranker = this.ranker(algorithm);
    return ranker === this.popularity || ranker === this.content ? ranker : this.predictor;
  }

  /** Every list is labelled with MF's stars. */
  protected labeller(): Model {
    return this.predictor;
  }

  /** Items whose factors point the same way (cosine), topped up by content similarity. */
  similar(item: number, limit = 10): { item: number; score: number }[] {
    this.checkItem(item);
    return this.toppedUpByContent(this.ials.similar(item, limit), item, limit);
  }

  /** The iALS explanation (Hu et al.: each rated item's share of the score), else content's; one factored system. */
  protected explainMany(profile: Profile, items: ArrayLike<number>): Contribution[][] {
    const ials = this.ials.explainer(profile);
    return Array.from(items, (item) =>
      explainFrom(profile, [() => ials(item), () => this.content.contributions(profile, item)]),
    );
  }
}
/** Popularity from the catalogue's rating summary, as PopularityModel.fit would count the ratings. */
function popularityOf(dataset: Dataset, globalMean: number): PopularityModel {
  const summary = dataset.ratingSummary;
  if (!summary) throw new Error('a model-mode dataset needs its per-item rating summary');
  const sums = Float64Array.from(summary.counts, (c, j) => c * summary.means[j]!);
  const popularity = new PopularityModel();
  popularity.useTotals(summary.counts, sums, globalMean);
  return popularity;
}
