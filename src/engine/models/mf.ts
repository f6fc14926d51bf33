/**
 * Biased matrix factorization, r̂_ui = μ + b_u + b_i + p_u·q_i, trained by stochastic gradient descent as
 * Funk / Surprise's SVD does, in a seeded order from seeded initial factors, so a seed repeats a fit exactly.
 *
 * SGD's per-rating penalty adds up to λ·n_u on a user with n_u ratings, so fold-in solves the same objective
 * for a new user in closed form: ridge regression of (r − μ − b_i) on [1, q_i] with penalty λ·n_u.
 */
import type { FitContext, ModelState, Profile, Ranker, RatingPredictor, TrainingSet } from '../model-contracts.ts';
import { excludeRated, expectLength } from '../model-contracts.ts';
import { gaussian, mulberry32, shuffleInPlace } from '../numeric/random.ts';
import { checkProfile, checkTrainingSet } from '../dataset/training-set.ts';
import { solveSpdInPlace } from '../numeric/cholesky.ts';
import { dot } from '../numeric/dot.ts';
import { clampRating, ratingRangeOf, type RatingRange } from './rating-range.ts';
import { expectModel, stateArray, stateNumber } from '../model-state.ts';

export interface MfOptions {
  factors: number;
  epochs: number;
  learningRate: number;
  /** λ on factors and biases, per rating seen. */
  regularization: number;
  /** Standard deviation of the initial factors (Surprise: 0.1). */
  initStd: number;
  /**
   * Fold-in penalty is regularization·n_u + foldInPrior: the prior keeps users with one or two ratings from
   * getting a vector fitted to those alone.
   */
  foldInPrior: number;
}

/**
 * Chosen by 5-fold CV RMSE on ml-latest-small (fold-in, `npm run eval -- --models mf`): fewer epochs underfit,
 * more gained nothing; more factors with fewer epochs cost the same fit time for a worse RMSE, alone and in the
 * predictor blend; a larger λ overregularised.
 */
const DEFAULT_MF_OPTIONS: MfOptions = {
  factors: 48,
  epochs: 20,
  learningRate: 0.03,
  regularization: 0.1,
  initStd: 0.1,
  foldInPrior: 1,
};

/** Ratings per fold-in chunk: a chunk of (factors + 1) columns stays in L2 cache. */
const FOLD_IN_CHUNK = 128;

export interface MfUser {
  readonly profile: Profile;
  readonly bias: number;
  readonly vector: Float64Array;
}

/** A rating predictor, and as a ranker the items by predicted rating. */
export class MatrixFactorizationModel implements RatingPredictor, Ranker {
  readonly name = 'mf';
  readonly options: MfOptions;
  mean = 0;
  itemBias = new Float32Array(0);
  /** Item factors, row-major itemCount × factors. */
  itemFactors = new Float32Array(0);
  /** Training users' factors and biases from the fit (not saved: fold-in recomputes them). */
  trainUserFactors = new Float32Array(0);
  trainUserBias = new Float32Array(0);
  range: RatingRange = { min: -Infinity, max: Infinity };

  constructor(options: Partial<MfOptions> = {}) {
    this.options = { ...DEFAULT_MF_OPTIONS, ...options };
  }

  get itemCount(): number {
    return this.itemBias.length;
  }

  fit(train: TrainingSet, context: FitContext): void {
    checkTrainingSet(train);
    const { userCount, itemCount, userOffsets, items, values } = train;
    const { factors: f, epochs, learningRate: lr, regularization: reg, initStd } = this.options;
    this.range = ratingRangeOf(train);
    const n = values.length;
    let sum = 0;
    for (let k = 0; k < n; k++) sum += values[k]!;
    const mean = sum / n;
    const random = mulberry32(context.seed);
    const normal = gaussian(random);
    // Float64 while training: no float32 rounding on every update (and measured faster in V8).
    const p = new Float64Array(userCount * f);
    const q = new Float64Array(itemCount * f);
    for (let k = 0; k < p.length; k++) p[k] = normal() * initStd;
    for (let k = 0; k < q.length; k++) q[k] = normal() * initStd;
    const bu = new Float64Array(userCount);
    const bi = new Float64Array(itemCount);
    const userOf = new Int32Array(n);
    for (let u = 0; u < userCount; u++) userOf.fill(u, userOffsets[u]!, userOffsets[u + 1]!);
    const order = new Int32Array(n);
    for (let k = 0; k < n; k++) order[k] = k;
    const decay = 1 - lr * reg;
    for (let epoch = 0; epoch < epochs; epoch++) {
      shuffleInPlace(order, random);
      for (let t = 0; t < n; t++) {
        const k = order[t]!;
        const u = userOf[k]!;
        const i = items[k]!;
        const pu = u * f;
        const qi = i * f;
        const err = values[k]! - (mean + bu[u]! + bi[i]! + dot(p, pu, q, qi, f));
        // x += lr·(err·y − reg·x) as x·decay + step·y: two multiplies and an add per factor.
        const step = lr * err;
        bu[u] = bu[u]! * decay + step;
        bi[i] = bi[i]! * decay + step;
        for (let c = 0; c < f; c++) {
          const puc = p[pu + c]!;
          const qic = q[qi + c]!;
          p[pu + c] = puc * decay + step * qic;
          q[qi + c] = qic * decay + step * puc;
        }
      }
      context.onProgress?.((epoch + 1) / epochs);
    }
    this.mean = mean;
    this.itemBias = Float32Array.from(bi);
    this.itemFactors = Float32Array.from(q);
    this.trainUserFactors = Float32Array.from(p);
    this.trainUserBias = Float32Array.from(bu);
  }

  /**
   * The user's bias and vector minimizing Σ (r − μ − b_i − b_u − p·q_i)² + λ (b_u² + |p|²), with
   * λ = regularization·n_u + foldInPrior, for the fitted item factors: an (f+1)×(f+1) ridge system.
   */
  foldIn(profile: Profile): MfUser {
    checkProfile(profile, this.itemCount);
    const f = this.options.factors;
    const d = f + 1;
    const n = profile.items.length;
    const a = new Float64Array(d * d);
    const b = new Float64Array(d);
    // Gram matrix Σ x xᵀ, x = [1, q_i], over chunks of ratings laid out column-major (row 0 the ones of
    // the bias): each entry is then a dot product of two contiguous columns, and a chunk
    // stays in cache. Twice as fast as summing outer products.
    const chunk = FOLD_IN_CHUNK;
    const columns = this.foldInColumns(d * chunk);
    const y = this.foldInTargets;
    columns.fill(1, 0, chunk);
    for (let start = 0; start < n; start += chunk) {
      const m = Math.min(chunk, n - start);
      for (let k = 0; k < m; k++) {
        const i = profile.items[start + k]!;
        y[k] = profile.values[start + k]! - this.mean - this.itemBias[i]!;
        for (let c = 0, o = i * f; c < f; c++, o++) columns[(c + 1) * chunk + k] = this.itemFactors[o]!;
      }
      for (let r = 0; r < d; r++) {
        const ro = r * chunk;
        let rhs = 0;
        for (let k = 0; k < m; k++) rhs += columns[ro + k]! * y[k]!;
        b[r]! += rhs;
        for (let c = 0; c <= r; c++) a[r * d + c]! += dot(columns, ro, columns, c * chunk, m);
      }
    }
    const lambda = this.options.regularization * n + this.options.foldInPrior;
    for (let r = 0; r < d; r++) {
      a[r * d + r]! += lambda;
      for (let c = 0; c < r; c++) a[c * d + r] = a[r * d + c]!;
    }
    solveSpdInPlace(a, b, d);
    return { profile, bias: b[0]!, vector: b.slice(1) };
  }

  private columnsScratch = new Float64Array(0);
  private readonly foldInTargets = new Float64Array(FOLD_IN_CHUNK);

  private foldInColumns(size: number): Float64Array {
    if (this.columnsScratch.length !== size) this.columnsScratch = new Float64Array(size);
    return this.columnsScratch;
  }

  /** Unclamped μ + b_u + b_i + p·q_i. */
  raw(user: MfUser, item: number): number {
    const f = this.options.factors;
    const q = this.itemFactors;
    const v = user.vector;
    let dot = 0;
    for (let c = 0, o = item * f; c < f; c++, o++) dot += v[c]! * q[o]!;
    return this.mean + user.bias + this.itemBias[item]! + dot;
  }

  rater(profile: Profile): (item: number) => number {
    const user = this.foldIn(profile);
    return (item) => clampRating(this.raw(user, item), this.range);
  }

  score(profile: Profile, out: Float32Array): void {
    expectLength('mf scores', out.length, this.itemCount);
    const user = this.foldIn(profile);
    for (let i = 0; i < out.length; i++) out[i] = this.raw(user, i);
    excludeRated(profile, out);
  }

  save(): ModelState {
    const o = this.options;
    return {
      model: this.name,
      factors: o.factors,
      epochs: o.epochs,
      learningRate: o.learningRate,
      regularization: o.regularization,
      initStd: o.initStd,
      foldInPrior: o.foldInPrior,
      mean: this.mean,
      itemBias: this.itemBias,
      itemFactors: this.itemFactors,
      min: this.range.min,
      max: this.range.max,
    };
  }

  load(state: ModelState): void {
    expectModel(state, this.name);
    const o = this.options;
    o.factors = stateNumber(state, 'factors');
    o.epochs = stateNumber(state, 'epochs');
    o.learningRate = stateNumber(state, 'learningRate');
    o.regularization = stateNumber(state, 'regularization');
    o.initStd = stateNumber(state, 'initStd');
    o.foldInPrior = stateNumber(state, 'foldInPrior');
    this.mean = stateNumber(state, 'mean');
    this.itemBias = stateArray(state, 'itemBias', Float32Array);
    this.itemFactors = stateArray(state, 'itemFactors', Float32Array, this.itemBias.length * o.factors);
    this.range = { min: stateNumber(state, 'min'), max: stateNumber(state, 'max') };
    this.trainUserFactors = new Float32Array(0);
    this.trainUserBias = new Float32Array(0);
  }
}
