/**
 * Implicit ALS (Hu, Koren & Volinsky 2008) as a ranker: every rating says the user chose the item (preference 1
 * at confidence c); every item they did not rate is a weak 0 (confidence 1). Fitted by alternating half-steps of
 * conjugate gradient (ials-kernels.ts), optionally with Rendle et al.'s (2021) frequency-scaled regularisation.
 *
 * A user outside the data is folded in by one exact k×k solve from the item factors' Gramian YᵀY, which the model
 * keeps (and ships): A = YᵀY + Σ_j (c_j − 1) y_j y_jᵀ + λ_u I, b = Σ_j c_j p_j y_j. Ranking is one mat-vec.
 * Explanations follow the paper's formula: score_i = Σ_j s^u_ij c_j p_j with s^u_ij = y_iᵀ A⁻¹ y_j.
 */
import {
  excludeRated,
  expectLength,
  ShapeError,
  type FitContext,
  type ModelState,
  type Profile,
  type Ranker,
  type TrainingSet,
} from '../model-contracts.ts';
import { meanOf } from '../numeric/mean.ts';
import { gaussian, mulberry32 } from '../numeric/random.ts';
import { checkProfile, checkTrainingSet, sameProfile, transposeToItemMajor } from '../dataset/training-set.ts';
import { factorInPlace, solveFactoredInPlace } from '../numeric/cholesky.ts';
import { dot } from '../numeric/dot.ts';
import { easeRowWeights } from './ease.ts';
import { FactorMatrix, FACTOR_ENCODINGS, type FactorEncoding } from '../numeric/factor-matrix.ts';
import {
  cgScratch,
  exactScratch,
  gramian,
  rowSystem,
  solveRowsCg,
  solveRowsExact,
  type ExactScratch,
  type IalsHyper,
  type IalsRows,
  type LambdaScale,
} from './ials-kernels.ts';
import { expectModel, stateArray, stateNumber, stateObject, stateString } from '../model-state.ts';

/**
 * How a user's star ratings become confidences (the preference of a rated item is 1 unless said otherwise):
 * - "binary": c = 1 + α for every rating (rated = chosen, whatever the stars);
 * - "stars": c = 1 + α·r (Hu et al.'s linear confidence in the raw value);
 * - "liked": c = 1 + α·w, w = 1 at or above the user's own mean rating and ½ below (EASE's weighting);
 * - "signed": c = 1 + α, preference 1 at or above the user's mean and 0 below (a disliked film is a confident 0);
 * - "above-mean": c = 1 + α at or above the user's mean and 1 below (a film rated below the mean was still chosen, but
 *   says no more about the user than an unrated film does).
 */
export type IalsConfidence = 'binary' | 'stars' | 'liked' | 'signed' | 'above-mean';

const CONFIDENCES: readonly IalsConfidence[] = ['binary', 'stars', 'liked', 'signed', 'above-mean'];

export type IalsSolver = 'cg' | 'exact';

export interface IalsOptions {
  factors: number;
  epochs: number;
  /** Confidence slope α. */
  alpha: number;
  /** Regularisation λ (per row: λ·W_u^ν, ials-kernels.ts). */
  lambda: number;
  /** Frequency scaling exponent ν (0: plain λ). */
  nu: number;
  /** What λ_u scales with when ν > 0 ("ratings" with ν = 1 folds users in as Spark MLlib's implicit ALS fits them). */
  lambdaScale: LambdaScale;
  confidence: IalsConfidence;
  /** Row solver of the fit: warm-started conjugate gradient, or exact Cholesky (the reference). */
  solver: IalsSolver;
  cgSteps: number;
  /** Standard deviation of the initial item factors is initScale/√k (Rendle et al.: 0.1). */
  initScale: number;
  /** How the item factors are kept after the fit and shipped by save(). */
  encoding: FactorEncoding;
}

/**
 * What model mode ships, chosen on per-user holdouts of ml-latest-small (seeds 1–3; `npx tsx src/cli/tune-ials.ts`
 * prints the grid): k 128, the best of 32/64/128 and within the snapshot budget at MovieLens-25M size; "above-mean"
 * confidence (it beats "liked", which gives a film rated below the mean half the weight of a liked one, and binary,
 * signed and linear stars: for finding films a user will like, a lukewarm rating is no more than a sign of exposure);
 * α and λ on a ridge of the best; ten epochs (more gain little); three CG steps (two cost measurably); λ scaled by
 * the square root of each row's rating count (ν ½, "ratings": a user or item with more ratings needs more restraint,
 * less than in proportion; it beats plain λ and both weight scalings, ν 1 or Rendle et al.'s total weight); int8
 * factors (ranking indistinguishable from float at a quarter of the bytes).
 */
export const DEFAULT_IALS: IalsOptions = {
  factors: 128,
  epochs: 10,
  alpha: 2,
  lambda: 2,
  nu: 0.5,
  lambdaScale: 'ratings',
  confidence: 'above-mean',
  solver: 'cg',
  cgSteps: 3,
  initScale: 0.1,
  encoding: 'int8',
};

/** Signed confidences of one user's ratings (same order) into `out`, per the options (see IalsConfidence). */
export function ratingConfidences(values: Float32Array, options: IalsOptions, out: Float32Array): void {
  expectLength('confidences', out.length, values.length);
  const a = options.alpha;
  switch (options.confidence) {
    case 'binary':
      out.fill(1 + a);
      return;
    case 'stars':
      for (let t = 0; t < values.length; t++) out[t] = 1 + a * Math.max(0, values[t]!);
      return;
    case 'liked':
      easeRowWeights(values, 'liked', out);
      for (let t = 0; t < values.length; t++) out[t] = 1 + a * out[t]!;
      return;
    case 'signed': {
      const mean = meanOf(values);
      for (let t = 0; t < values.length; t++) out[t] = values[t]! >= mean ? 1 + a : -(1 + a);
      return;
    }
    case 'above-mean': {
      const mean = meanOf(values);
      for (let t = 0; t < values.length; t++) out[t] = values[t]! >= mean ? 1 + a : 1;
      return;
    }
  }
}

/** Both sides of the data: rows by user and, transposed once, by item; confidences per the options. */
export function ialsRows(train: TrainingSet, options: IalsOptions): { users: IalsRows; items: IalsRows } {
  const { userCount, itemCount, userOffsets } = train;
  const confidence = new Float32Array(train.items.length);
  for (let u = 0; u < userCount; u++) {
    const s = userOffsets[u]!;
    const e = userOffsets[u + 1]!;
    ratingConfidences(train.values.subarray(s, e), options, confidence.subarray(s, e));
  }
  const byItem = transposeToItemMajor({ ...train, values: confidence });
  return {
    users: { rowCount: userCount, columnCount: itemCount, offsets: userOffsets, columns: train.items, confidence },
    items: {
      rowCount: itemCount,
      columnCount: userCount,
      offsets: byItem.itemOffsets,
      columns: byItem.users,
      confidence: byItem.values,
    },
  };
}

/** The seeded starting item factors (normal, sd initScale/√k); user factors start at 0. */
export function initialItemFactors(itemCount: number, options: IalsOptions, seed: number): Float32Array {
  const k = options.factors;
  const normal = gaussian(mulberry32(seed));
  const sd = options.initScale / Math.sqrt(k);
  const y = new Float32Array(itemCount * k);
  for (let t = 0; t < y.length; t++) y[t] = normal() * sd;
  return y;
}

export function hyperOf(options: IalsOptions): IalsHyper {
  const { factors, lambda, nu, lambdaScale, cgSteps } = options;
  return { factors, lambda, nu, lambdaScale, cgSteps };
}

export function checkIalsOptions(o: IalsOptions): void {
  const positiveInteger = (v: number): boolean => Number.isInteger(v) && v > 0;
  if (!positiveInteger(o.factors)) throw new RangeError(`iALS factors must be a positive integer, got ${o.factors}`);
  if (!(Number.isInteger(o.epochs) && o.epochs >= 0))
    throw new RangeError(`iALS epochs must be a whole number, got ${o.epochs}`);
  const finite = (v: number, above: number, orEqual: boolean) =>
    Number.isFinite(v) && (orEqual ? v >= above : v > above);
  if (!finite(o.alpha, 0, true)) throw new RangeError(`iALS alpha must be a finite number ≥ 0, got ${o.alpha}`);
  if (!finite(o.lambda, 0, false)) throw new RangeError(`iALS lambda must be a finite number > 0, got ${o.lambda}`);
  if (!finite(o.nu, 0, true)) throw new RangeError(`iALS nu must be a finite number ≥ 0, got ${o.nu}`);
  if (o.lambdaScale !== 'weight' && o.lambdaScale !== 'ratings')
    throw new RangeError(`iALS lambdaScale "${o.lambdaScale}" is unknown`);
  if (!positiveInteger(o.cgSteps)) throw new RangeError(`iALS cgSteps must be a positive integer, got ${o.cgSteps}`);
  if (!CONFIDENCES.includes(o.confidence)) throw new RangeError(`iALS confidence "${o.confidence}" is unknown`);
  if (o.solver !== 'cg' && o.solver !== 'exact') throw new RangeError(`iALS solver "${o.solver}" is unknown`);
  if (!FACTOR_ENCODINGS.includes(o.encoding)) throw new RangeError(`iALS encoding "${o.encoding}" is unknown`);
}

export interface IalsUser {
  readonly profile: Profile;
  readonly vector: Float64Array;
}

/** A profile's system with A already factored: what its fold-in and its reasons both start from. */
interface FactoredProfile {
  readonly items: Int32Array;
  readonly values: Float32Array;
  /** Cholesky factor of A (k×k). */
  readonly factor: Float64Array;
  /** b, the right-hand side: x_u = A⁻¹ b. */
  readonly rhs: Float64Array;
  readonly confidence: Float32Array;
}

export class IalsModel implements Ranker {
  readonly name = 'ials';
  readonly options: IalsOptions;
  itemCount = 0;
  /** Item factors as scored and shipped (quantised when options.encoding says so). */
  itemFactors = FactorMatrix.fromFloat32(new Float32Array(0), 0, 1);
  /** YᵀY of itemFactors as kept (k×k): what fold-in starts from. */
  gram: Float64Array = new Float64Array(0);
  /** Training users' factors from the fit (float32; not saved: fold-in recomputes a user). */
  trainUserFactors: Float32Array = new Float32Array(0);
  private norms: Float32Array | null = null;
  private readonly scratch: ExactScratch;
  /**
   * The last profile's factored system: a list folds the user in, then explains its items with the same A. Kept by
   * the profile's content (a copy), never by reference, so a profile changed in place is never mistaken for it.
   */
  private factored: FactoredProfile | null = null;

  constructor(options: Partial<IalsOptions> = {}) {
    this.options = { ...DEFAULT_IALS, ...options };
    checkIalsOptions(this.options);
    const k = this.options.factors;
    this.scratch = exactScratch(k);
  }

  fit(train: TrainingSet, context: FitContext): void {
    checkTrainingSet(train);
    const o = this.options;
    const k = o.factors;
    const { users, items } = ialsRows(train, o);
    const h = hyperOf(o);
    const x = new Float32Array(train.userCount * k);
    const y = initialItemFactors(train.itemCount, o, context.seed);
    const cg = cgScratch(k);
    const exact = exactScratch(k);
    const solve = (side: IalsRows, rows: Float32Array, fixed: Float32Array, fixedRows: number): void => {
      const g = gramian(fixed, fixedRows, k);
      if (o.solver === 'cg') solveRowsCg(0, side.rowCount, side, rows, fixed, g, h, cg);
      else solveRowsExact(0, side.rowCount, side, rows, fixed, g, h, exact);
    };
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      solve(users, x, y, train.itemCount);
      solve(items, y, x, train.userCount);
      context.onProgress?.((epoch + 1) / o.epochs);
    }
    this.adopt(y, train.itemCount, x);
  }

  /**
   * Take fitted item factors (itemCount × k, float32) as this model's: encoded per options.encoding, with the
   * Gramian of the factors as kept. The parallel build driver ends its fit here too.
   */
  adopt(itemFactors: Float32Array, itemCount: number, userFactors?: Float32Array): void {
    const k = this.options.factors;
    this.itemFactors = FactorMatrix.fromFloat32(itemFactors, itemCount, k).encode(this.options.encoding);
    this.itemCount = itemCount;
    this.gram = gramian(this.itemFactors.toFloat32(), itemCount, k);
    this.trainUserFactors = userFactors ?? new Float32Array(0);
    this.norms = null;
    this.factored = null;
  }

  /**
   * Build the profile's k×k system into the scratch (A in `a`, b in `b`) and return its confidences: the same
   * normal equations a fit solves for a training user, with the profile's own confidences and λ_u.
   */
  private system(profile: Profile): Float32Array {
    checkProfile(profile, this.itemCount);
    if (this.gram.length === 0) throw new ShapeError('iALS: fold-in before fit or load');
    const n = profile.items.length;
    const s = this.scratch;
    const confidence = new Float32Array(n);
    ratingConfidences(profile.values, this.options, confidence);
    rowSystem(profile.items, confidence, 0, n, this.itemCount, this.itemFactors, this.gram, hyperOf(this.options), s);
    return confidence;
  }

  /** The profile's system, factored: built and factored once per distinct profile in a row. */
  private factoredSystem(profile: Profile): FactoredProfile {
    if (this.factored && sameProfile(this.factored, profile)) return this.factored;
    const confidence = this.system(profile);
    const factor = this.scratch.a.slice();
    factorInPlace(factor, this.options.factors);
    this.factored = {
      items: profile.items.slice(),
      values: profile.values.slice(),
      factor,
      rhs: this.scratch.b.slice(),
      confidence,
    };
    return this.factored;
  }

  foldIn(profile: Profile): IalsUser {
    const { factor, rhs } = this.factoredSystem(profile);
    const vector = rhs.slice();
    solveFactoredInPlace(factor, vector, this.options.factors);
    return { profile, vector };
  }

  score(profile: Profile, out: Float32Array): void {
    expectLength('iALS scores', out.length, this.itemCount);
    this.itemFactors.timesVector(this.foldIn(profile).vector, out);
    excludeRated(profile, out);
  }

  /** The ranking score of one item, y_i · x_u. */
  itemScore(user: IalsUser, item: number): number {
    this.checkItem(item);
    const yi = this.scratch.yj;
    this.itemFactors.row(item, yi);
    return dot(yi, 0, user.vector, 0, yi.length);
  }

  /**
   * How much each rated item adds to each item's score, in profile order: c_j p_j · y_iᵀ A⁻¹ y_j (Hu et al. §5).
   * They sum to itemScore(foldIn(profile), item). From the factored A its fold-in used, an item costs one triangular
   * solve z = A⁻¹ y_i and a dot product per rated item, c_j p_j · y_jᵀ z (the same number, A being symmetric): a list
   * of 20 costs 20 solves whether the profile holds 5 ratings or an imported thousand.
   */
  explain(profile: Profile, items: ArrayLike<number>): Float32Array[] {
    const { factor, confidence } = this.factoredSystem(profile);
    const k = this.options.factors;
    const n = profile.items.length;
    const rated = new Float64Array(n * k);
    const yj = new Float64Array(k);
    for (let t = 0; t < n; t++) {
      this.itemFactors.row(profile.items[t]!, yj);
      rated.set(yj, t * k);
    }
    const z = new Float64Array(k);
    return Array.from(items, (item) => {
      this.checkItem(item);
      this.itemFactors.row(item, z);
      solveFactoredInPlace(factor, z, k);
      const out = new Float32Array(n);
      for (let t = 0; t < n; t++) {
        const sc = confidence[t]!;
        if (sc > 0) out[t] = sc * dot(rated, t * k, z, 0, k);
      }
      return out;
    });
  }

  private itemNorms(): Float32Array {
    if (!this.norms) {
      const norms = new Float32Array(this.itemCount);
      const row = this.scratch.yj;
      for (let i = 0; i < this.itemCount; i++) {
        this.itemFactors.row(i, row);
        norms[i] = Math.sqrt(dot(row, 0, row, 0, row.length));
      }
      this.norms = norms;
    }
    return this.norms;
  }

  /** Cosine of two items' factors (0 when either has none). */
  cosine(a: number, b: number): number {
    this.checkItem(a);
    this.checkItem(b);
    const norms = this.itemNorms();
    if (!(norms[a]! > 0 && norms[b]! > 0)) return 0;
    const k = this.options.factors;
    const ya = new Float64Array(k);
    const yb = this.scratch.yj;
    this.itemFactors.row(a, ya);
    this.itemFactors.row(b, yb);
    return dot(ya, 0, yb, 0, k) / (norms[a]! * norms[b]!);
  }

  /** Every item's cosine to the item's factors into `out` (0 for the item itself and for items without factors). */
  cosines(item: number, out: Float32Array): void {
    this.checkItem(item);
    expectLength('iALS cosines', out.length, this.itemCount);
    const norms = this.itemNorms();
    if (!(norms[item]! > 0)) {
      out.fill(0);
      return;
    }
    const y = new Float64Array(this.options.factors);
    this.itemFactors.row(item, y);
    this.itemFactors.timesVector(y, out);
    for (let j = 0; j < this.itemCount; j++) out[j] = norms[j]! > 0 ? out[j]! / (norms[j]! * norms[item]!) : 0;
    out[item] = 0;
  }

  private checkItem(item: number): void {
    if (!(Number.isInteger(item) && item >= 0 && item < this.itemCount))
      throw new ShapeError(`item ${item} outside 0..${this.itemCount - 1}`);
  }

  save(): ModelState {
    return {
      model: this.name,
      ...this.options,
      encoding: this.itemFactors.encoding,
      itemCount: this.itemCount,
      gram: this.gram,
      itemFactors: this.itemFactors.toState(),
    };
  }

  load(state: ModelState): void {
    expectModel(state, this.name);
    const o = this.options;
    const confidence = stateString(state, 'confidence') as IalsConfidence;
    const solver = stateString(state, 'solver') as IalsSolver;
    const encoding = stateString(state, 'encoding') as FactorEncoding;
    const next: IalsOptions = {
      factors: stateNumber(state, 'factors'),
      epochs: stateNumber(state, 'epochs'),
      alpha: stateNumber(state, 'alpha'),
      lambda: stateNumber(state, 'lambda'),
      nu: stateNumber(state, 'nu'),
      lambdaScale: stateString(state, 'lambdaScale') as LambdaScale,
      confidence,
      solver,
      cgSteps: stateNumber(state, 'cgSteps'),
      initScale: stateNumber(state, 'initScale'),
      encoding,
    };
    try {
      checkIalsOptions(next);
    } catch (e) {
      throw new ShapeError(`model state: ${(e as Error).message}`);
    }
    const itemCount = stateNumber(state, 'itemCount');
    const k = next.factors;
    const itemFactors = FactorMatrix.fromState(stateObject(state, 'itemFactors'), itemCount, k);
    if (itemFactors.encoding !== encoding)
      throw new ShapeError(`model state: factors are ${itemFactors.encoding}, the state says ${encoding}`);
    this.gram = stateArray(state, 'gram', Float64Array, k * k);
    Object.assign(o, next);
    this.itemFactors = itemFactors;
    this.itemCount = itemCount;
    this.trainUserFactors = new Float32Array(0);
    this.norms = null;
    this.factored = null;
    Object.assign(this.scratch, exactScratch(k));
  }
}
