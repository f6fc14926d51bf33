/**
 * The facade the app (through the worker) and the CLIs use: fit or load every model once, then answer
 * recommend / predict / similar / explain / popular for a profile that is never part of the training data.
 *
 * Two families of models sit behind it. Rankers order the catalogue (the default is the rank blend of
 * EASE, implicit item-KNN, popularity and content); rating predictors say how many stars (the default is
 * the predictor blend of baseline, pearson item-KNN and MF). A recommendation is ranked by the one and
 * labelled with a predicted rating by the other; the default list then demotes candidates whose label falls
 * well below the user's mean rating, so order and stars do not contradict each other (star-agreement.ts).
 *
 * A cold start can fit in two stages: fitRanking() builds what recommend / similar / explain / popular need,
 * labelling stars with user + item biases meanwhile; fitPredictor() then adds the predictor blend, the larger
 * part of the fit, which the app can run after the first recommendations are shown (`npm run bench` times both).
 */
import type { Dataset } from '../dataset/dataset.ts';
import type { FitContext, Model, ModelState, Profile, TrainingSet } from '../model-contracts.ts';
import type { Algorithm, Contribution } from '../recommend-types.ts';
import { EngineBase } from '../engine-base.ts';
import { unavailableAlgorithm } from '../recommender.ts';
import { trainingSetFromDataset } from '../dataset/training-set.ts';
import { ContentModel } from '../models/content.ts';
import { EaseModel } from '../models/ease.ts';
import { ImplicitKnnModel } from '../models/implicit-knn.ts';
import { PopularityModel } from '../models/popularity.ts';
import { BaselineModel } from '../models/baseline.ts';
import { BlendModel } from '../models/predict-blend.ts';
import { RankBlendModel, type BlendComponent } from '../models/rank-blend.ts';
import { explainFrom } from '../ranking/explain.ts';
import { ratingRangeOf, type RatingRange } from '../models/rating-range.ts';
import { DEFAULT_TUNING, parseTuning, type RankTuning, type Tuning } from '../tuning/tuning.ts';

/** Bump when the saved state layout or the fitting changes: it is part of the model-cache key. */
export const ENGINE_VERSION = 8;

/**
 * A fitted engine's parameters. Whole: models "ranking" and "predictor". Stage 1 only (saveStage1, a cold start
 * whose predictor is not fitted yet): "ranking" and "fallback" (the bias model labelling stars meanwhile) and the
 * seed the predictor is to be fitted with; load() resumes it as a staged engine.
 */
export interface EngineState {
  version: number;
  /** "model" for a ModelEngine's state (model-mode/model-engine.ts); absent for this engine's. */
  mode?: 'model';
  /** The parameters it was fitted with (the dataset's tuning record), which recommend() keeps using. */
  tuning: Tuning;
  models: Record<string, ModelState>;
  seed?: number;
}

/** What fit / fitRanking take: the fit context and the dataset's tuning record (default: DEFAULT_TUNING). */
export interface EngineFitContext extends FitContext {
  tuning?: Tuning;
}

/**
 * The rank blend's components; the first (EASE) is the anchor whose weight stays 1. The other weights and EASE's
 * λ come from the dataset's tuning record: chosen at build time on a holdout of the dataset (src/engine/tuning/),
 * or the MovieLens defaults. They are not tuned at every fit on the device, which would cost a second fit of every
 * component.
 */
export function rankComponents(dataset: Dataset, rank: RankTuning = DEFAULT_TUNING.rank): BlendComponent[] {
  return [
    { name: 'ease', create: () => new EaseModel({ lambda: rank.easeLambda }), weight: 1 },
    { name: 'implicit-knn', create: () => new ImplicitKnnModel(), weight: rank.weights['implicit-knn'] },
    // Weight 0 by default: the counts still serve cold start, the popularity knob and popular().
    { name: 'popularity', create: () => new PopularityModel(), weight: rank.weights.popularity },
    { name: 'content', create: () => new ContentModel(dataset), weight: rank.weights.content },
  ];
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

/** The algorithms a ratings-mode engine ranks with, the default first. */
const RATINGS_MODE_ALGORITHMS: readonly Algorithm[] = ['blend', 'itemknn', 'mf', 'ease', 'popularity', 'content'];

export class Engine extends EngineBase {
  readonly mode = 'ratings';
  readonly algorithms = RATINGS_MODE_ALGORITHMS;
  readonly ease: EaseModel;
  readonly knn: ImplicitKnnModel;
  readonly popularity: PopularityModel;
  readonly content: ContentModel;
  protected readonly stars: RatingRange;
  /** The running or finished fitPredictorLater(). */
  private later: Promise<void> | null = null;

  private constructor(
    dataset: Dataset,
    tuning: Tuning,
    readonly ranking: RankBlendModel,
    private fitted: BlendModel | null,
    private pending: PendingPredictor | null,
  ) {
    super(dataset, tuning);
    this.ease = ranking.component('ease') as EaseModel;
    this.knn = ranking.component('implicit-knn') as ImplicitKnnModel;
    this.popularity = ranking.component('popularity') as PopularityModel;
    this.content = ranking.component('content') as ContentModel;
    this.stars = ratingRangeOf({ values: dataset.ratingValues });
  }

  /** Fit everything: fitRanking then fitPredictor, progress over both. */
  static fit(dataset: Dataset, ctx: EngineFitContext): Engine {
    // Sub-models report their own 0..1 phases; the bar the user sees only moves forward.
    const report = monotone(ctx.onProgress);
    const engine = Engine.fitRanking(dataset, { ...ctx, onProgress: (f) => report(RANKING_SHARE * f) });
    engine.fitPredictor({ onProgress: (f) => report(RANKING_SHARE + (1 - RANKING_SHARE) * f) });
    report(1);
    return engine;
  }

  /**
   * Stage 1 of a cold start: the rankers (and a bias model for star labels), enough for every query.
   * The predictor blend follows with fitPredictor() / fitPredictorLater(), or on the first request that
   * needs it (MF or rating-KNN algorithms, save()).
   */
  static fitRanking(dataset: Dataset, ctx: EngineFitContext): Engine {
    const tuning = ctx.tuning ?? DEFAULT_TUNING;
    const train = trainingSetFromDataset(dataset);
    const report = monotone(ctx.onProgress);
    const ranking = new RankBlendModel(rankComponents(dataset, tuning.rank));
    ranking.fit(train, { seed: ctx.seed, onProgress: (f) => report(0.95 * f) });
    const fallback = new BaselineModel();
    fallback.fit(train, { seed: ctx.seed });
    report(1);
    return new Engine(dataset, tuning, ranking, null, { train, seed: ctx.seed, fallback });
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

  /** A whole engine, or a staged one (predictorReady false) from a stage-1 state: see EngineState. */
  static load(dataset: Dataset, state: EngineState): Engine {
    if (state.mode !== undefined) throw new Error(`engine state is a ${state.mode}-mode engine's: refit`);
    if (state.version !== ENGINE_VERSION)
      throw new Error(`engine state version ${state.version} does not match ENGINE_VERSION ${ENGINE_VERSION}: refit`);
    const tuning = parseTuning(state.tuning, 'engine state');
    const staged = state.models.predictor === undefined && state.models.fallback !== undefined;
    const ranking = new RankBlendModel(rankComponents(dataset, tuning.rank));
    const second = staged ? new BaselineModel() : new BlendModel();
    for (const [name, model] of [
      ['ranking', ranking],
      [staged ? 'fallback' : 'predictor', second],
    ] as const) {
      const saved = state.models[name];
      if (!saved) throw new Error(`engine state has no "${name}" model: refit`);
      model.load(saved);
    }
    if (ranking.itemCount !== dataset.itemIds.length || second.itemCount !== dataset.itemIds.length)
      throw new Error(
        `engine state has ${ranking.itemCount} items, the dataset ${dataset.itemIds.length}: refit for this dataset`,
      );
    if (!staged) return new Engine(dataset, tuning, ranking, second as BlendModel, null);
    if (!Number.isInteger(state.seed)) throw new Error('stage-1 engine state has no seed for its predictor: refit');
    const pending = { train: trainingSetFromDataset(dataset), seed: state.seed!, fallback: second as BaselineModel };
    return new Engine(dataset, tuning, ranking, null, pending);
  }

  /** Everything a load() needs; a staged engine fits its predictor first, so this state is always whole. */
  save(): EngineState {
    return {
      version: ENGINE_VERSION,
      tuning: this.tuning,
      models: { ranking: this.ranking.save(), predictor: this.predictor.save() },
    };
  }

  /**
   * What a staged engine has fitted so far (its rankers and bias labels), so that a visit cut short after stage 1
   * does not start the next one from scratch: load() gives back this staged engine, which fits only the predictor.
   */
  saveStage1(): EngineState {
    if (!this.pending) throw new Error('the engine is whole: save() it instead');
    const { seed, fallback } = this.pending;
    return {
      version: ENGINE_VERSION,
      tuning: this.tuning,
      seed,
      models: { ranking: this.ranking.save(), fallback: fallback.save() },
    };
  }

  /** The model that orders items for an algorithm. "itemknn" ranks with the implicit (co-rating) neighbours. */
  ranker(algorithm: Algorithm): Model {
    switch (algorithm) {
      case 'blend':
        return this.ranking;
      case 'ease':
        return this.ease;
      case 'itemknn':
        return this.knn;
      case 'popularity':
        return this.popularity;
      case 'content':
        return this.content;
      case 'mf':
        return this.predictor.mf;
      default:
        // Algorithms arrive from the worker boundary as plain strings.
        throw unavailableAlgorithm(algorithm, this);
    }
  }

  /** The star label comes from a rating predictor: the rankers' own predict() is only a neighbour average. */
  protected labeller(algorithm: Algorithm): Model {
    return this.ratingModel(algorithm === 'mf' || algorithm === 'itemknn' ? algorithm : 'blend');
  }

  /** The model whose predict() answers for an algorithm (rankers predict from their own weights). */
  ratingModel(algorithm: Algorithm): Model {
    switch (algorithm) {
      case 'blend':
        // Until a staged fit has its predictor: the bias model, rather than the whole predictor fit mid-request.
        return this.fitted ?? this.pending!.fallback;
      case 'mf':
        return this.predictor.mf;
      case 'itemknn':
        return this.predictor.knn;
      default:
        return this.ranker(algorithm);
    }
  }

  /** Items most often rated by the same people (implicit neighbours), topped up by content similarity. */
  similar(item: number, limit = 10): { item: number; score: number }[] {
    this.checkItem(item);
    return this.toppedUpByContent(this.knn.neighbours(item, limit), item, limit);
  }

  /** EASE's part of every item's reasons computed at once (EaseModel.contributionsMany). */
  protected explainMany(profile: Profile, items: ArrayLike<number>): Contribution[][] {
    const ease = this.ease.contributionsMany(profile, items);
    return Array.from(items, (item, k) =>
      explainFrom(profile, [
        () => ease[k]!,
        () => this.knn.contributions(profile, item),
        () => this.content.contributions(profile, item),
      ]),
    );
  }
}

/** A progress callback that only ever moves forward (sub-models each report their own 0..1 phases). */
function monotone(onProgress?: (fraction: number) => void): (fraction: number) => void {
  let shown = 0;
  return (f) => {
    if (f > shown) onProgress?.((shown = f));
  };
}
