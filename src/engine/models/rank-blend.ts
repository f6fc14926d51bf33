/**
 * The default ranker: a weighted sum of its components' scores, each first scaled by its best score over
 * the items the user has not rated (so weights compare like with like whatever a model's units).
 *
 * Weights come from the components (chosen offline, see Engine's rankComponents), or are tuned at fit time
 * when a component has none or the options ask: on a per-user holdout carved out of the TRAINING ratings
 * (never the evaluation split) components are fitted on the rest, every user's candidates reduced to the
 * union of each component's top POOL, and a coordinate search over WEIGHT_GRID maximises NDCG@10 there. The
 * components are then fitted again on all training ratings, so tuning costs about twice the fit.
 */
import {
  expectLength,
  ShapeError,
  type FitContext,
  type FoldedUser,
  type Model,
  type ModelState,
  type Profile,
  type TrainingSet,
} from '../model.ts';
import { perUserHoldout } from '../eval/holdout.ts';
import { ndcgAtK } from '../eval/ranking-metrics.ts';
import { profileOfUser } from '../training-set.ts';
import { topK } from '../rerank.ts';
import { expectModel, stateArray, stateString, withoutPrefix, withPrefix } from './state.ts';

export interface BlendComponent {
  name: string;
  create: () => Model;
  /** Weight chosen offline; the blend tunes its weights instead when any component has none. */
  weight?: number;
}

export interface RankBlendOptions {
  /** Fixed weights by component name (they override the components' own). */
  weights?: Record<string, number>;
  /** Tune the weights at fit time even when every component has one (a new dataset, the eval CLI). */
  tune?: boolean;
  /** Users used for tuning (a seeded sample): enough to rank the weights, few enough to keep the search short. */
  tuningUsers: number;
}

/** Candidates per user in tuning: the blend's top 10 lies within every component's top 150 in practice. */
const POOL = 150;
/** Relative weights tried for each component (the first component is pinned at 1). */
const WEIGHT_GRID = [0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5];
/** Coordinate-search sweeps: one more barely moved NDCG on ml-latest-small. */
const SWEEPS = 2;

/**
 * Ratings that count as "liked" in tuning: the top 30% of the observed range, which on MovieLens' 0.5–5
 * scale is ≥ 3.65, i.e. 4 stars and up, the convention the evaluation uses; other scales follow suit.
 */
export function relevanceThreshold(values: ArrayLike<number>): number {
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < values.length; k++) {
    if (values[k]! < min) min = values[k]!;
    if (values[k]! > max) max = values[k]!;
  }
  return min + 0.7 * (max - min);
}

/** out = scores / max over items outside the profile (unchanged when that max is not positive). */
export function scaleByBest(scores: Float32Array, profile: Profile): void {
  const saved = new Float32Array(profile.items.length);
  profile.items.forEach((i, t) => {
    saved[t] = scores[i]!;
    scores[i] = -Infinity;
  });
  let best = -Infinity;
  for (let j = 0; j < scores.length; j++) if (scores[j]! > best) best = scores[j]!;
  profile.items.forEach((i, t) => (scores[i] = saved[t]!));
  if (!(best > 0)) return;
  const inv = 1 / best;
  for (let j = 0; j < scores.length; j++) scores[j]! *= inv;
}

export class RankBlendModel implements Model {
  readonly name = 'rank-blend';
  readonly components: Model[];
  weights: Float32Array;
  itemCount = 0;
  /** NDCG@10 of the chosen weights on the tuning holdout (NaN when the weights were given). */
  tunedNdcg = NaN;
  /** Whether fit() tunes the weights (twice the fit time) rather than taking them as given. */
  readonly tuning: boolean;
  private scratch = new Float32Array(0);

  constructor(
    private readonly specs: BlendComponent[],
    private readonly options: RankBlendOptions = { tuningUsers: 300 },
  ) {
    if (specs.length === 0) throw new ShapeError('a rank blend needs at least one component');
    this.components = specs.map((s) => s.create());
    this.tuning = !options.weights && (options.tune === true || specs.some((s) => s.weight === undefined));
    this.weights = Float32Array.from(
      specs,
      (s) => options.weights?.[s.name] ?? (this.tuning ? undefined : s.weight) ?? (s === specs[0] ? 1 : 0),
    );
  }

  component(name: string): Model {
    const index = this.specs.findIndex((s) => s.name === name);
    if (index < 0) throw new Error(`rank blend has no component "${name}"`);
    return this.components[index]!;
  }

  fit(train: TrainingSet, context: FitContext): void {
    const share = this.tuning ? 0.5 : 0;
    if (this.tuning) this.weights = this.tune(train, context.seed, (f) => context.onProgress?.(f * share));
    this.components.forEach((model, c) =>
      model.fit(train, {
        seed: context.seed,
        onProgress: (f) => context.onProgress?.(share + ((1 - share) * (c + f)) / this.components.length),
      }),
    );
    this.itemCount = train.itemCount;
    this.scratch = new Float32Array(train.itemCount);
  }

  /** Weights that maximise NDCG@10 on a holdout inside `train`. */
  private tune(train: TrainingSet, seed: number, progress: (f: number) => void): Float32Array {
    const split = perUserHoldout(train, 0.2, seed ^ 0x5eed);
    const models = this.specs.map((s) => s.create());
    models.forEach((m, c) => {
      m.fit(split.train, { seed, onProgress: (f) => progress((0.8 * (c + f)) / models.length) });
    });
    const threshold = relevanceThreshold(train.values);
    const relevant = new Map<number, Set<number>>();
    for (let t = 0; t < split.test.users.length; t++) {
      if (split.test.values[t]! < threshold) continue;
      const u = split.test.users[t]!;
      let set = relevant.get(u);
      if (!set) relevant.set(u, (set = new Set()));
      set.add(split.test.items[t]!);
    }
    let users = [...relevant.keys()];
    if (users.length > this.options.tuningUsers) {
      // An even spread over the users (the split itself is seeded).
      const step = users.length / this.options.tuningUsers;
      users = Array.from({ length: this.options.tuningUsers }, (_, t) => users[Math.floor(t * step)]!);
    }
    const inTrain = new Uint8Array(train.itemCount);
    for (let q = 0; q < split.train.items.length; q++) inTrain[split.train.items[q]!] = 1;
    // Per user: pool items and each component's scaled score on them (component-major).
    const pools: { items: Int32Array; scores: Float32Array; relevant: Set<number> }[] = [];
    const scores = models.map(() => new Float32Array(train.itemCount));
    const allowed = new Uint8Array(train.itemCount);
    for (const u of users) {
      const profile = profileOfUser(split.train, u);
      allowed.set(inTrain);
      for (const i of profile.items) allowed[i] = 0;
      const union = new Set<number>();
      models.forEach((m, c) => {
        m.scoreAll(m.foldIn(profile), scores[c]!);
        scaleByBest(scores[c]!, profile);
        for (const j of topK(scores[c]!, POOL, allowed)) union.add(j);
      });
      const items = Int32Array.from(union);
      const pooled = new Float32Array(items.length * models.length);
      models.forEach((_, c) => items.forEach((j, t) => (pooled[c * items.length + t] = scores[c]![j]!)));
      pools.push({ items, scores: pooled, relevant: relevant.get(u)! });
    }
    progress(0.9);
    const evaluate = (w: Float32Array): number => {
      let total = 0;
      for (const pool of pools) {
        const n = pool.items.length;
        const blended = new Float32Array(n);
        for (let c = 0; c < w.length; c++) {
          const wc = w[c]!;
          if (wc === 0) continue;
          for (let t = 0; t < n; t++) blended[t]! += wc * pool.scores[c * n + t]!;
        }
        const top = topK(blended, 10);
        total += ndcgAtK(
          Array.from(top, (t) => pool.items[t]!),
          pool.relevant,
          10,
        );
      }
      return total / Math.max(1, pools.length);
    };
    const w = new Float32Array(models.length);
    w[0] = 1;
    let best = evaluate(w);
    for (let sweep = 0; sweep < SWEEPS; sweep++) {
      for (let c = 1; c < w.length; c++) {
        // Keep the current value unless another strictly improves NDCG (ties favour the earlier choice).
        for (const candidate of WEIGHT_GRID) {
          const current = w[c]!;
          if (candidate === current) continue;
          w[c] = candidate;
          const value = evaluate(w);
          if (value > best + 1e-9) best = value;
          else w[c] = current;
        }
      }
    }
    progress(1);
    this.tunedNdcg = best;
    return w;
  }

  foldIn(profile: Profile): FoldedUser {
    expectLength('profile values', profile.values.length, profile.items.length);
    return { profile };
  }

  scoreAll(user: FoldedUser, out: Float32Array): void {
    expectLength('rank-blend scores', out.length, this.itemCount);
    out.fill(0);
    this.components.forEach((m, c) => {
      const w = this.weights[c]!;
      if (w === 0) return;
      m.scoreAll(m.foldIn(user.profile), this.scratch);
      scaleByBest(this.scratch, user.profile);
      for (let j = 0; j < out.length; j++) out[j]! += w * this.scratch[j]!;
    });
  }

  /** The rating predicted by the most heavily weighted component. */
  predict(user: FoldedUser, item: number): number {
    let lead = 0;
    this.weights.forEach((w, c) => {
      if (w > this.weights[lead]!) lead = c;
    });
    const m = this.components[lead]!;
    return m.predict(m.foldIn(user.profile), item);
  }

  save(): ModelState {
    let state: ModelState = {
      model: this.name,
      componentNames: this.specs.map((s) => s.name).join(','),
      weights: this.weights,
      itemCount: this.itemCount,
    };
    this.components.forEach((m, c) => (state = { ...state, ...withPrefix(this.specs[c]!.name, m.save()) }));
    return state;
  }

  load(state: ModelState): void {
    expectModel(state, this.name);
    const names = stateString(state, 'componentNames');
    const expected = this.specs.map((s) => s.name).join(',');
    if (names !== expected) throw new ShapeError(`rank-blend state has components ${names}, expected ${expected}`);
    this.weights = stateArray(state, 'weights', Float32Array, this.specs.length);
    this.itemCount = state.itemCount as number;
    this.components.forEach((m, c) => m.load(withoutPrefix(this.specs[c]!.name, state)));
    this.scratch = new Float32Array(this.itemCount);
  }
}
