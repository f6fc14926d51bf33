/**
 * The facade the app (through the worker) and the CLIs use: fit or load every model once, then answer
 * recommend / predict / similar / explain / popular for a profile that is never part of the training data.
 */
import type { Dataset } from './dataset.ts';
import type { FitContext, Model, ModelState, Profile, TrainingSet } from './model.ts';
import type { Algorithm, Contribution, Recommendation, RecommendOptions } from './recommend-types.ts';
import { PopularityModel } from './models/popularity.ts';
import { candidateMask, genreJaccard, rerank, topK } from './rerank.ts';

/** Bump when the saved state layout or the fitting changes: it is part of the model-cache key. */
export const ENGINE_VERSION = 1;

export interface EngineState {
  version: number;
  models: Record<string, ModelState>;
}

/** The dataset's own ratings, as the training set every model fits on (no copy: same CSR layout). */
export function datasetTrainingSet(dataset: Dataset): TrainingSet {
  return {
    userCount: dataset.userIds.length,
    itemCount: dataset.itemIds.length,
    userOffsets: dataset.userOffsets,
    items: dataset.ratingItems,
    values: dataset.ratingValues,
  };
}

interface Models {
  popularity: PopularityModel;
}

function createModels(): Models {
  return { popularity: new PopularityModel() };
}

export class Engine {
  private readonly similarity: (a: number, b: number) => number;

  private constructor(
    readonly dataset: Dataset,
    private readonly models: Models,
  ) {
    this.similarity = genreJaccard(dataset);
  }

  static fit(dataset: Dataset, ctx: FitContext): Engine {
    const train = datasetTrainingSet(dataset);
    const models = createModels();
    const list: Model[] = Object.values(models);
    list.forEach((model, i) => {
      model.fit(train, {
        seed: ctx.seed,
        onProgress: (f) => ctx.onProgress?.((i + f) / list.length),
      });
      ctx.onProgress?.((i + 1) / list.length);
    });
    return new Engine(dataset, models);
  }

  static load(dataset: Dataset, state: EngineState): Engine {
    if (state.version !== ENGINE_VERSION) {
      throw new Error(`engine state version ${state.version} does not match ENGINE_VERSION ${ENGINE_VERSION}: refit`);
    }
    const models = createModels();
    for (const [name, model] of Object.entries(models) as [string, Model][]) {
      const saved = state.models[name];
      if (!saved) throw new Error(`engine state has no "${name}" model: refit`);
      model.load(saved);
    }
    if (models.popularity.itemCount !== dataset.itemIds.length) {
      throw new Error(`engine state has ${models.popularity.itemCount} items, dataset has ${dataset.itemIds.length}`);
    }
    return new Engine(dataset, models);
  }

  save(): EngineState {
    const out: Record<string, ModelState> = {};
    for (const [name, model] of Object.entries(this.models) as [string, Model][]) out[name] = model.save();
    return { version: ENGINE_VERSION, models: out };
  }

  private ranker(_algorithm: Algorithm): Model {
    return this.models.popularity;
  }

  private predictor(_algorithm: Algorithm): Model {
    return this.models.popularity;
  }

  /** Ranking scores of every item for a profile (rated items included). */
  scores(profile: Profile, algorithm: Algorithm = 'blend'): Float32Array {
    const model = this.ranker(algorithm);
    const out = new Float32Array(this.dataset.itemIds.length);
    model.scoreAll(model.foldIn(profile), out);
    return out;
  }

  recommend(profile: Profile, options: RecommendOptions = {}): Recommendation[] {
    const algorithm = options.algorithm ?? 'blend';
    const scores = this.scores(profile, algorithm);
    const allowed = candidateMask(this.dataset, profile, options);
    const picked = rerank(scores, allowed, options, this.models.popularity.counts, this.similarity);
    const predictor = this.predictor(algorithm);
    const folded = predictor.foldIn(profile);
    return Array.from(picked, (item) => ({
      item,
      score: scores[item]!,
      predicted: predictor.predict(folded, item),
      because: this.explain(profile, item).slice(0, 3),
    }));
  }

  predict(profile: Profile, items: number[], algorithm: Algorithm = 'blend'): number[] {
    const model = this.predictor(algorithm);
    const folded = model.foldIn(profile);
    return items.map((item) => {
      this.checkItem(item);
      return model.predict(folded, item);
    });
  }

  similar(item: number, limit = 10): { item: number; score: number }[] {
    this.checkItem(item);
    const n = this.dataset.itemIds.length;
    const scores = new Float32Array(n);
    const maxCount = Math.max(1, ...this.models.popularity.counts);
    // Same genres first, then the more often rated (a fraction below one genre step).
    for (let j = 0; j < n; j++)
      scores[j] = this.similarity(item, j) + (0.01 * this.models.popularity.counts[j]!) / maxCount;
    const allowed = new Uint8Array(n).fill(1);
    allowed[item] = 0;
    return Array.from(topK(scores, limit, allowed), (j) => ({ item: j, score: scores[j]! }));
  }

  explain(profile: Profile, item: number): Contribution[] {
    this.checkItem(item);
    const raw: Contribution[] = [];
    for (let k = 0; k < profile.items.length; k++) {
      const other = profile.items[k]!;
      const s = this.similarity(other, item);
      if (s > 0) raw.push({ item: other, rating: profile.values[k]!, weight: s * profile.values[k]! });
    }
    return normalise(raw);
  }

  popular(limit: number, options: { genres?: string[] } = {}): number[] {
    const allowed = candidateMask(this.dataset, { items: new Int32Array(0), values: new Float32Array(0) }, options);
    return Array.from(topK(this.models.popularity.counts, limit, allowed));
  }

  private checkItem(item: number): void {
    if (!Number.isInteger(item) || item < 0 || item >= this.dataset.itemIds.length) {
      throw new RangeError(`item index ${item} is outside 0..${this.dataset.itemIds.length - 1}`);
    }
  }
}

/** Strongest first, weights scaled so the strongest is 1. */
function normalise(raw: Contribution[]): Contribution[] {
  raw.sort((a, b) => b.weight - a.weight || a.item - b.item);
  const top = raw[0]?.weight ?? 0;
  return top > 0 ? raw.map((c) => ({ ...c, weight: c.weight / top })) : [];
}
