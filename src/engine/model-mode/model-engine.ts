/**
 * The engine of a model-mode snapshot: it loads the models the build fitted (shipped-models.ts) and fits nothing.
 * A new user is folded in (iALS: one k×k solve from the shipped Gramian; MF: its closed-form ridge solve), the list is
 * one item-factor mat-vec blended with popularity (the shipped counts) and content (the catalogue's genres and tags),
 * similar items and "because you rated" come from the item factors, stars from MF. It answers what the ratings-mode
 * engine answers (recommender.ts), so the worker, the page and the model cache do not care which one they hold.
 */
import type { Dataset } from '../dataset/dataset.ts';
import type { AlgorithmRow } from '../model-contracts.ts';
import type { RatingRange } from '../models/rating-range.ts';
import { MODEL_MODE_ALGORITHMS, type ModelModeAlgorithm } from '../recommend-types.ts';
import { EngineBase } from '../engine-base.ts';
import { ENGINE_VERSION, type ModelEngineState } from '../recommender.ts';
import { DEFAULT_TUNING, parseTuning, type Tuning } from '../tuning/tuning.ts';
import { SupportWeighted } from '../models/support-weighted.ts';
import { ModelModeRankers } from './rankers.ts';
import { readShippedState, shippedState, type ShippedModels, type StarPredictor } from './shipped-models.ts';

export class ModelEngine extends EngineBase<ModelModeAlgorithm> {
  readonly mode = 'model';
  readonly algorithms = MODEL_MODE_ALGORITHMS;
  readonly predictorReady = true;
  readonly rankers: ModelModeRankers;
  protected readonly scale: RatingRange;
  protected readonly table: Readonly<Record<ModelModeAlgorithm, AlgorithmRow>>;

  private constructor(
    dataset: Dataset,
    tuning: Tuning,
    private readonly shipped: ShippedModels,
    content?: ModelEngineState['content'],
  ) {
    super(dataset, tuning);
    const rankers = new ModelModeRankers(dataset, shipped.weights, shipped.ials);
    const summary = dataset.ratingSummary;
    if (!summary) throw new Error('a model-mode dataset needs its per-item rating summary');
    rankers.popularity.useCounts(summary.counts);
    // Content's item vectors come from the catalogue: built here on a first start, from the model cache after.
    if (content) rankers.content.load(content);
    else rankers.content.fitCatalogue();
    if (rankers.content.itemCount !== dataset.itemIds.length)
      throw new Error(`engine state has ${rankers.content.itemCount} items, the dataset ${dataset.itemIds.length}`);
    this.rankers = rankers;
    const stars = shipped.predictor;
    this.scale = stars.inner.range;
    // Every list is labelled with MF's stars.
    this.table = {
      blend: { rank: this.shippedBlend(rankers.blend), stars },
      ials: { rank: rankers.ials, stars },
      // Predicted stars rank rarely rated items too high on their few ratings: weighed by support.
      mf: { rank: new SupportWeighted(stars, () => rankers.popularity.counts), stars },
      popularity: { rank: rankers.popularity, stars },
    };
  }

  get popularity() {
    return this.rankers.popularity;
  }

  /** The star predictor the build shipped (biased MF, int8 item factors). */
  get predictor(): StarPredictor {
    return this.shipped.predictor;
  }

  get content() {
    return this.rankers.content;
  }

  /** The engine of a decoded model-mode snapshot: its catalogue (with the per-item rating summary), its models and
   * its tuning record. */
  static fromSnapshot(dataset: Dataset, models: ShippedModels, tuning: Tuning | null = null): ModelEngine {
    return new ModelEngine(dataset, tuning ?? DEFAULT_TUNING, models);
  }

  /** An engine saved by save() (the model cache), for the same dataset. */
  static load(dataset: Dataset, state: ModelEngineState): ModelEngine {
    if (state.version !== ENGINE_VERSION)
      throw new Error(`engine state version ${state.version} does not match ENGINE_VERSION ${ENGINE_VERSION}: reload`);
    const tuning = parseTuning(state.tuning, 'engine state');
    if (!state.shipped || !state.content) throw new Error('model-mode engine state lacks its models: reload');
    const models = readShippedState(state.shipped, dataset.itemIds.length);
    return new ModelEngine(dataset, tuning, models, state.content);
  }

  save(): ModelEngineState {
    return {
      version: ENGINE_VERSION,
      mode: 'model',
      tuning: this.tuning,
      shipped: shippedState(this.shipped),
      content: this.rankers.content.save(),
    };
  }

  /** The cosine of the items' factors (0 where negative: pointing apart is not going together). */
  protected collaborativeSimilarity(item: number, out: Float32Array): void {
    this.rankers.ials.cosines(item, out);
    for (let j = 0; j < out.length; j++) if (!(out[j]! > 0)) out[j] = 0;
  }
}
