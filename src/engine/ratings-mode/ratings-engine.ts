/**
 * The engine of a ratings-mode snapshot: it fits its models on the device from the ratings, then answers recommend /
 * predict / similar / explain / popular for a profile that is never part of the training data.
 *
 * Rankers order the catalogue (the default is the rank blend of EASE, implicit item-KNN, popularity and content);
 * rating predictors say how many stars (the default is the predictor blend of baseline, pearson item-KNN and MF). Each
 * algorithm the switcher offers is one row of its table: which ranker orders the list, which predictor labels it.
 *
 * A cold start can fit in two stages: fitRanking() builds what recommend / similar / explain / popular need,
 * labelling stars with user + item biases meanwhile; fitPredictor() then adds the predictor blend, the larger
 * part of the fit, which the app can run after the first recommendations are shown (`npm run bench` times both).
 */
import type { Dataset } from '../dataset/dataset.ts';
import type { AlgorithmRow, FitContext, ModelState, RatingPredictor, TrainingSet } from '../model-contracts.ts';
import { RATINGS_MODE_ALGORITHMS, type RatingsModeAlgorithm } from '../recommend-types.ts';
import { EngineBase } from '../engine-base.ts';
import { ENGINE_VERSION, type RatingsEngineState } from '../recommender.ts';
import { trainingSetFromDataset } from '../dataset/training-set.ts';
import { BaselineModel } from '../models/baseline.ts';
import { CoRatings } from '../models/co-ratings.ts';
import { SupportWeighted } from '../models/support-weighted.ts';
import { BlendModel } from '../models/predict-blend.ts';
import { ratingRangeOf, type RatingRange } from '../models/rating-range.ts';
import { DEFAULT_TUNING, parseTuning, type Tuning } from '../tuning/tuning.ts';
import { RatingsRankers } from './rankers.ts';

/** What fit / fitRanking take: the fit context and the dataset's tuning record (default: DEFAULT_TUNING). */
export interface EngineFitContext extends FitContext {
  tuning?: Tuning;
  /** The ratings to fit on: the dataset's by default (eval fits on its training part). */
  train?: TrainingSet;
}

/** Share of the fit progress bar for the rankers: their part of a full fit's time (`npm run bench` prints both). */
const RANKING_SHARE = 0.3;

/** What a staged engine keeps until its predictor is fitted. */
interface PendingPredictor {
  train: TrainingSet;
  seed: number;
  /**
   * Star labels meanwhile: μ + user bias + item bias, fitted in a moment (a coarser estimate than the blend's,
   * but on the same scale and ordered by the same evidence).
   */
  fallback: BaselineModel;
}

export class RatingsEngine extends EngineBase<RatingsModeAlgorithm> {
  readonly mode = 'ratings';
  readonly algorithms = RATINGS_MODE_ALGORITHMS;
  protected readonly scale: RatingRange;
  protected readonly table: Readonly<Record<RatingsModeAlgorithm, AlgorithmRow>>;
  /** The running or finished fitPredictorLater(). */
  private later: Promise<void> | null = null;
  private coRatings: CoRatings | null = null;
  /** The ratings it was fitted on when they are not the dataset's (eval fits on a training part). */
  private train: TrainingSet | null = null;

  private constructor(
    dataset: Dataset,
    tuning: Tuning,
    readonly rankers: RatingsRankers,
    private fitted: BlendModel | null,
    private pending: PendingPredictor | null,
  ) {
    super(dataset, tuning);
    this.scale = ratingRangeOf({ values: dataset.ratingValues });
    // Rows read the predictor when asked: a staged engine labels with its bias model, and fits the predictor blend
    // only when an algorithm needs one of its parts (MF, rating item-KNN).
    const labels = (): RatingPredictor => this.fitted ?? this.pending!.fallback;
    const predictor = (): BlendModel => this.predictor;
    let weighted: SupportWeighted | null = null;
    const supportWeighted = (): SupportWeighted => {
      const mf = predictor().mf;
      if (weighted?.inner !== mf) weighted = new SupportWeighted(mf, () => this.popularity.counts);
      return weighted;
    };
    const { blend, ease, knn, popularity } = rankers;
    this.table = {
      blend: {
        rank: this.shippedBlend(blend),
        get stars() {
          return labels();
        },
      },
      // Ranked by co-rating neighbours, labelled by the rating item-KNN (pearson on baseline residuals).
      itemknn: {
        rank: knn,
        get stars() {
          return predictor().knn;
        },
      },
      // Predicted stars rank rarely rated items too high on their few ratings: weighed by support.
      mf: {
        get rank() {
          return supportWeighted();
        },
        get stars() {
          return predictor().mf;
        },
      },
      ease: {
        rank: ease,
        get stars() {
          return labels();
        },
      },
      popularity: {
        rank: popularity,
        get stars() {
          return labels();
        },
      },
    };
  }

  get popularity() {
    return this.rankers.popularity;
  }

  get content() {
    return this.rankers.content;
  }

  /** Fit everything: fitRanking then fitPredictor, progress over both. */
  static fit(dataset: Dataset, ctx: EngineFitContext): RatingsEngine {
    // Models report their own 0..1 phases; the bar the user sees only moves forward.
    const report = monotone(ctx.onProgress);
    const engine = RatingsEngine.fitRanking(dataset, { ...ctx, onProgress: (f) => report(RANKING_SHARE * f) });
    engine.fitPredictor({ onProgress: (f) => report(RANKING_SHARE + (1 - RANKING_SHARE) * f) });
    report(1);
    return engine;
  }

  /**
   * Stage 1 of a cold start: the rankers (and a bias model for star labels), enough for every query.
   * The predictor blend follows with fitPredictor() / fitPredictorLater(), or on the first request that
   * needs it (MF or rating-KNN algorithms, save()).
   */
  static fitRanking(dataset: Dataset, ctx: EngineFitContext): RatingsEngine {
    const tuning = ctx.tuning ?? DEFAULT_TUNING;
    const train = ctx.train ?? trainingSetFromDataset(dataset);
    const report = monotone(ctx.onProgress);
    const rankers = new RatingsRankers(dataset, tuning.rank);
    rankers.blend.fit(train, { seed: ctx.seed, onProgress: (f) => report(0.95 * f) });
    const fallback = new BaselineModel();
    fallback.fit(train, { seed: ctx.seed });
    report(1);
    const engine = new RatingsEngine(dataset, tuning, rankers, null, { train, seed: ctx.seed, fallback });
    if (ctx.train) engine.train = ctx.train;
    return engine;
  }

  /** Whether the predictor blend is fitted (always after fit() or load(); after fitPredictor() when staged). */
  get predictorReady(): boolean {
    return this.fitted !== null;
  }

  /** The predictor blend, fitted now if the staged fit has not got there yet. */
  get predictor(): BlendModel {
    return this.fitted ?? this.fitPredictor();
  }

  /** Stage 2: fit the predictor blend (the slower stage); a no-op once fitted. */
  fitPredictor(ctx: { onProgress?: (fraction: number) => void } = {}): BlendModel {
    if (this.fitted) return this.fitted;
    const { train, seed } = this.pending!;
    const report = monotone(ctx.onProgress);
    const predictor = new BlendModel();
    predictor.fit(train, { seed, onProgress: report });
    report(1);
    this.fitted = predictor;
    this.pending = null;
    return predictor;
  }

  /**
   * Stage 2 in a later task: after `delayMs`, so that requests already queued (the first recommendations)
   * are answered with the stage-1 labels first. Resolves once the predictor is fitted; calling again joins.
   */
  fitPredictorLater(delayMs = 0, onProgress?: (fraction: number) => void): Promise<void> {
    this.later ??= new Promise<void>((resolve, reject) =>
      setTimeout(() => {
        try {
          this.fitPredictor({ onProgress });
          resolve();
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      }, delayMs),
    );
    return this.later;
  }

  /**
   * Stage 2 somewhere else (a second worker, so the one answering requests never blocks on it): the fitted
   * predictor's state, for usePredictor() on the engine that fitRanking() built from the same dataset and seed.
   */
  static fitPredictorState(dataset: Dataset, ctx: FitContext): ModelState {
    const predictor = new BlendModel();
    predictor.fit(trainingSetFromDataset(dataset), ctx);
    return predictor.save();
  }

  /** Adopt a predictor fitted elsewhere (fitPredictorState); a no-op once this engine has one. */
  usePredictor(state: ModelState): void {
    if (this.fitted) return;
    const predictor = new BlendModel();
    predictor.load(state);
    if (predictor.itemCount !== this.dataset.itemIds.length)
      throw new Error(`predictor state has ${predictor.itemCount} items, the dataset ${this.dataset.itemIds.length}`);
    this.fitted = predictor;
    this.pending = null;
  }

  /** A whole engine, or a staged one (predictorReady false) from a stage-1 state: see RatingsEngineState. */
  static load(dataset: Dataset, state: RatingsEngineState): RatingsEngine {
    if (state.version !== ENGINE_VERSION)
      throw new Error(`engine state version ${state.version} does not match ENGINE_VERSION ${ENGINE_VERSION}: refit`);
    const tuning = parseTuning(state.tuning, 'engine state');
    if (!state.ranking || !state.stars) throw new Error('engine state lacks its models: refit');
    const rankers = new RatingsRankers(dataset, tuning.rank);
    rankers.blend.load(state.ranking);
    const items = dataset.itemIds.length;
    const refit = (what: string, count: number) =>
      new Error(`engine state's ${what} has ${count} items, the dataset ${items}: refit for this dataset`);
    if (rankers.blend.itemCount !== items) throw refit('ranking', rankers.blend.itemCount);
    const { stars } = state;
    if (stars.stage === 'whole') {
      const predictor = new BlendModel();
      predictor.load(stars.predictor);
      if (predictor.itemCount !== items) throw refit('predictor', predictor.itemCount);
      return new RatingsEngine(dataset, tuning, rankers, predictor, null);
    }
    if (!Number.isInteger(stars.seed)) throw new Error('stage-1 engine state has no seed for its predictor: refit');
    const fallback = new BaselineModel();
    fallback.load(stars.fallback);
    if (fallback.itemCount !== items) throw refit('fallback', fallback.itemCount);
    const pending = { train: trainingSetFromDataset(dataset), seed: stars.seed, fallback };
    return new RatingsEngine(dataset, tuning, rankers, null, pending);
  }

  /** Everything a load() needs; a staged engine fits its predictor first, so this state is always whole. */
  save(): RatingsEngineState {
    return {
      version: ENGINE_VERSION,
      mode: 'ratings',
      tuning: this.tuning,
      ranking: this.rankers.blend.save(),
      stars: { stage: 'whole', predictor: this.predictor.save() },
    };
  }

  /**
   * What a staged engine has fitted so far (its rankers and bias labels), so that a visit cut short after stage 1
   * does not start the next one from scratch: load() gives back this staged engine, which fits only the predictor.
   */
  saveStage1(): RatingsEngineState {
    if (!this.pending) throw new Error('the engine is whole: save() it instead');
    const { seed, fallback } = this.pending;
    return {
      version: ENGINE_VERSION,
      mode: 'ratings',
      tuning: this.tuning,
      ranking: this.rankers.blend.save(),
      stars: { stage: 'staged', fallback: fallback.save(), seed },
    };
  }

  /** Co-ratings, normalised against popularity (models/co-ratings.ts), of the dataset's ratings: built when first asked. */
  protected collaborativeSimilarity(item: number, out: Float32Array): void {
    this.coRatings ??= new CoRatings(this.train ?? trainingSetFromDataset(this.dataset));
    this.coRatings.similarities(item, out);
  }
}

/** A progress callback that only ever moves forward (models each report their own 0..1 phases). */
function monotone(onProgress?: (fraction: number) => void): (fraction: number) => void {
  let shown = 0;
  return (f) => {
    if (f > shown) onProgress?.((shown = f));
  };
}
