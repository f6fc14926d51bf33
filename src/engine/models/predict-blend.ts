/**
 * The default rating predictor: a linear blend of the baseline, item-KNN and MF predictions, with a few
 * interaction terms so that the weight of each model's opinion can grow with the evidence behind it (how many
 * ratings the user and the item have, how much neighbour similarity backs the KNN adjustment).
 *
 * Weights are learned by ridge regression on a held-out slice of the TRAINING ratings: the components are
 * fitted on the rest, and every held-out rating is predicted through fold-in of its user's remaining ratings,
 * exactly as at serving time. Then (option `refit`) the components are fitted again on all training ratings.
 */
import type { FitContext, ModelState, Profile, RatingPredictor, TrainingSet } from '../model-contracts.ts';
import { checkProfile, checkTrainingSet, holdOutFraction, profileOfUser } from '../dataset/training-set.ts';
import { solveSpdInPlace } from '../numeric/cholesky.ts';
import { ItemKnnModel, type ItemKnnOptions, type KnnUser } from './itemknn.ts';
import { MatrixFactorizationModel, type MfOptions, type MfUser } from './mf.ts';
import { clampRating } from './rating-range.ts';
import { expectModel, stateArray, stateNumber, stateObject } from '../model-state.ts';

export interface BlendOptions {
  /** Share of the training ratings held out to learn the blend weights (at least 500 ratings, at most 30%). */
  holdout: number;
  /** Ridge penalty on the weights, per held-out rating. */
  ridge: number;
  /** Fit the components again on all training ratings after learning the weights (doubles the fit time). */
  refit: boolean;
  knn: Partial<ItemKnnOptions>;
  mf: Partial<MfOptions>;
}

const DEFAULT_BLEND_OPTIONS: BlendOptions = { holdout: 0.05, ridge: 1e-4, refit: false, knn: {}, mf: {} };

/** Names of the blend's inputs, in weight order (for reports). */
export const BLEND_FEATURES = [
  'intercept',
  'baseline',
  'knn - baseline',
  'mf',
  '(knn - baseline) * log user count',
  '(mf - baseline) * log user count',
  '(knn - baseline) * log item count',
  '(mf - baseline) * log item count',
  '(knn - baseline) * log similarity mass',
  '(knn - baseline) * neighbours used / k',
  '(knn - baseline) * (mf - baseline)',
  'user bias * log user count',
  'item bias * log item count',
  '(knn - baseline) * user spread',
  '(mf - baseline) * user spread',
] as const;
const FEATURES = BLEND_FEATURES.length;

/** The blend before learning: ½ KNN + ½ MF = ½ baseline + ½ (knn − baseline) + ½ mf. */
const PRIOR_WEIGHTS: readonly number[] = BLEND_FEATURES.map((f) =>
  f === 'baseline' || f === 'knn - baseline' || f === 'mf' ? 0.5 : 0,
);

/** Pull towards PRIOR_WEIGHTS worth this many held-out ratings: decisive on a toy dataset, nothing on MovieLens. */
const PRIOR_STRENGTH = 20;

/** Held-out ratings wanted for the weights (15 of them) when the data allows; MovieLens's share gives far more. */
const MIN_HELD_OUT = 500;

export interface BlendUser {
  readonly profile: Profile;
  readonly knn: KnnUser;
  readonly mf: MfUser;
  readonly logCount: number;
  /** Root mean square of the user's ratings around their baseline (how far from "average" their taste runs). */
  readonly spread: number;
}

export class BlendModel implements RatingPredictor {
  readonly name = 'blend';
  readonly options: BlendOptions;
  readonly knn: ItemKnnModel;
  readonly mf: MatrixFactorizationModel;
  weights = new Float64Array(FEATURES);
  /** log(1 + ratings of item i) in the data the components were fitted on. */
  itemLogCount = new Float32Array(0);
  private readonly x = new Float64Array(FEATURES);
  private readonly term = new Float64Array(3);

  constructor(options: Partial<BlendOptions> = {}) {
    this.options = { ...DEFAULT_BLEND_OPTIONS, ...options };
    this.knn = new ItemKnnModel(this.options.knn);
    this.mf = new MatrixFactorizationModel(this.options.mf);
  }

  get itemCount(): number {
    return this.itemLogCount.length;
  }

  fit(train: TrainingSet, context: FitContext): void {
    checkTrainingSet(train);
    const { holdout, ridge, refit } = this.options;
    const n = train.items.length;
    // At least MIN_HELD_OUT ratings to learn from when the data allows, never more than 30% of them.
    const held = Math.min(Math.max(Math.round(n * holdout), MIN_HELD_OUT), Math.floor(n * 0.3));
    if (held < FEATURES) {
      // Too little data to learn anything: the plain average of the two models, fitted on everything.
      this.fitComponents(train, context, 0, 1);
      this.weights = Float64Array.from(PRIOR_WEIGHTS);
      return;
    }
    const split = holdOutFraction(train, held / n, context.seed ^ 0x5eed);
    const fitShare = refit ? 0.45 : 0.9;
    this.fitComponents(split.train, context, 0, fitShare);
    const { test } = split;
    const gram = new Float64Array(FEATURES * FEATURES);
    const rhs = new Float64Array(FEATURES);
    const x = this.x;
    let k = 0;
    while (k < test.users.length) {
      const u = test.users[k]!;
      const folded = this.foldIn(profileOfUser(split.train, u));
      for (; k < test.users.length && test.users[k] === u; k++) {
        this.features(folded, test.items[k]!);
        const y = test.values[k]!;
        for (let r = 0; r < FEATURES; r++) {
          rhs[r]! += x[r]! * y;
          for (let c = 0; c <= r; c++) gram[r * FEATURES + c]! += x[r]! * x[c]!;
        }
      }
    }
    // Ridge towards the plain average (not towards 0): with few held-out ratings the blend stays sensible,
    // with many the data decides. The intercept is not shrunk: the mean level should come from the data.
    const penalty = ridge * test.users.length + PRIOR_STRENGTH;
    for (let r = 0; r < FEATURES; r++) {
      if (r > 0) {
        gram[r * FEATURES + r]! += penalty;
        rhs[r]! += penalty * PRIOR_WEIGHTS[r]!;
      }
      for (let c = 0; c < r; c++) gram[c * FEATURES + r] = gram[r * FEATURES + c]!;
    }
    solveSpdInPlace(gram, rhs, FEATURES);
    this.weights = rhs;
    context.onProgress?.(refit ? 0.55 : 1);
    if (refit) this.fitComponents(train, context, 0.55, 1);
  }

  /** Fit both components, reporting progress over [from, to] in proportion to their measured fit times. */
  private fitComponents(train: TrainingSet, context: FitContext, from: number, to: number): void {
    const report = context.onProgress;
    const phase = (a: number, b: number): FitContext => ({
      seed: context.seed,
      onProgress: report && ((f) => report(from + (to - from) * (a + (b - a) * f))),
    });
    // KNN takes the larger part of the two fits (npm run bench times each).
    this.knn.fit(train, phase(0, 0.6));
    this.mf.fit(train, phase(0.6, 1));
    const counts = new Float32Array(train.itemCount);
    for (let k = 0; k < train.items.length; k++) counts[train.items[k]!]!++;
    for (let i = 0; i < counts.length; i++) counts[i] = Math.log1p(counts[i]!);
    this.itemLogCount = counts;
  }

  /** Fill this.x with the blend inputs for (user, item). */
  private features(user: BlendUser, item: number): void {
    const x = this.x;
    const term = this.term;
    const base = this.knn.baseline.raw(user.knn.bias, item);
    this.knn.neighbourTerm(user.knn, item, term);
    const knnAdjust = term[0]!;
    const mfAdjust = this.mf.raw(user.mf, item) - base;
    const li = this.itemLogCount[item]!;
    x[0] = 1;
    x[1] = base;
    x[2] = knnAdjust;
    x[3] = base + mfAdjust;
    x[4] = knnAdjust * user.logCount;
    x[5] = mfAdjust * user.logCount;
    x[6] = knnAdjust * li;
    x[7] = mfAdjust * li;
    x[8] = knnAdjust * Math.log1p(term[1]!);
    x[9] = (knnAdjust * term[2]!) / this.knn.options.k;
    x[10] = knnAdjust * mfAdjust;
    x[11] = user.knn.bias * user.logCount;
    x[12] = this.knn.baseline.itemBias[item]! * li;
    x[13] = knnAdjust * user.spread;
    x[14] = mfAdjust * user.spread;
  }

  foldIn(profile: Profile): BlendUser {
    checkProfile(profile, this.itemCount);
    const knn = this.knn.foldIn(profile);
    let squares = 0;
    for (let k = 0; k < profile.items.length; k++) squares += knn.residual[profile.items[k]!]! ** 2;
    return {
      profile,
      knn,
      mf: this.mf.foldIn(profile),
      logCount: Math.log1p(profile.items.length),
      spread: Math.sqrt(squares / Math.max(1, profile.items.length)),
    };
  }

  /** The unclamped blend. */
  raw(user: BlendUser, item: number): number {
    this.features(user, item);
    let y = 0;
    for (let r = 0; r < FEATURES; r++) y += this.weights[r]! * this.x[r]!;
    return y;
  }

  rater(profile: Profile): (item: number) => number {
    const user = this.foldIn(profile);
    return (item) => clampRating(this.raw(user, item), this.knn.baseline.range);
  }

  save(): ModelState {
    return {
      model: this.name,
      holdout: this.options.holdout,
      ridge: this.options.ridge,
      refit: this.options.refit ? 1 : 0,
      weights: this.weights,
      itemLogCount: this.itemLogCount,
      knn: this.knn.save(),
      mf: this.mf.save(),
    };
  }

  load(state: ModelState): void {
    expectModel(state, this.name);
    this.knn.load(stateObject(state, 'knn'));
    this.mf.load(stateObject(state, 'mf'));
    this.weights = stateArray(state, 'weights', Float64Array, FEATURES);
    this.itemLogCount = stateArray(state, 'itemLogCount', Float32Array, this.knn.itemCount);
    this.options.holdout = stateNumber(state, 'holdout');
    this.options.ridge = stateNumber(state, 'ridge');
    this.options.refit = stateNumber(state, 'refit') === 1;
  }
}
