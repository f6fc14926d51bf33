/**
 * Baseline predictor: global mean + regularized user and item biases, r̂ = μ + b_u + b_i.
 * Fitted by alternating closed-form updates (items, then users), as Surprise's BaselineOnly does with ALS;
 * because the last step of each sweep is the user step, fold-in (the same closed form for one new user)
 * gives a training user exactly the bias the fit gave them.
 */
import type { FitContext, ModelState, Profile, Ranker, RatingPredictor, TrainingSet } from '../model-contracts.ts';
import { excludeRated, expectLength } from '../model-contracts.ts';
import { checkProfile, checkTrainingSet, transposeToItemMajor } from '../dataset/training-set.ts';
import { clampRating, ratingRangeOf, type RatingRange } from './rating-range.ts';
import { expectModel, stateArray, stateNumber } from '../model-state.ts';

export interface BaselineOptions {
  /** Ridge penalty on user biases, in "pseudo-ratings at the mean": Surprise's default 15. */
  regUser: number;
  /** Ridge penalty on item biases: Surprise's default 10. */
  regItem: number;
  /** Alternating sweeps; on MovieLens further sweeps after the default's change the biases negligibly. */
  iterations: number;
}

const DEFAULT_BASELINE_OPTIONS: BaselineOptions = { regUser: 15, regItem: 10, iterations: 10 };

export interface BaselineUser {
  readonly profile: Profile;
  readonly bias: number;
}

/** A rating predictor, and as a ranker the items by μ + b_u + b_i (a reference for `npm run eval`). */
export class BaselineModel implements RatingPredictor, Ranker {
  readonly name = 'baseline';
  readonly options: BaselineOptions;
  mean = 0;
  itemBias = new Float64Array(0);
  /** Biases of the training users after fit (not saved: fold-in recomputes them). */
  trainUserBias = new Float64Array(0);
  range: RatingRange = { min: -Infinity, max: Infinity };

  constructor(options: Partial<BaselineOptions> = {}) {
    this.options = { ...DEFAULT_BASELINE_OPTIONS, ...options };
  }

  get itemCount(): number {
    return this.itemBias.length;
  }

  fit(train: TrainingSet, _context: FitContext): void {
    checkTrainingSet(train);
    const { userCount, itemCount, userOffsets, items, values } = train;
    const { regUser, regItem, iterations } = this.options;
    this.range = ratingRangeOf(train);
    let sum = 0;
    for (let k = 0; k < values.length; k++) sum += values[k]!;
    const mean = sum / values.length;
    const byItem = transposeToItemMajor(train);
    const bu = new Float64Array(userCount);
    const bi = new Float64Array(itemCount);
    for (let it = 0; it < iterations; it++) {
      for (let i = 0; i < itemCount; i++) {
        let dev = 0;
        const start = byItem.itemOffsets[i]!;
        const end = byItem.itemOffsets[i + 1]!;
        for (let k = start; k < end; k++) dev += byItem.values[k]! - mean - bu[byItem.users[k]!]!;
        bi[i] = dev / (regItem + end - start);
      }
      for (let u = 0; u < userCount; u++) {
        let dev = 0;
        const start = userOffsets[u]!;
        const end = userOffsets[u + 1]!;
        for (let k = start; k < end; k++) dev += values[k]! - mean - bi[items[k]!]!;
        bu[u] = dev / (regUser + end - start);
      }
    }
    this.mean = mean;
    this.itemBias = bi;
    this.trainUserBias = bu;
  }

  /** The closed-form bias of a user with these ratings, given the fitted item biases. */
  userBias(profile: Profile): number {
    let dev = 0;
    for (let k = 0; k < profile.items.length; k++)
      dev += profile.values[k]! - this.mean - this.itemBias[profile.items[k]!]!;
    return dev / (this.options.regUser + profile.items.length);
  }

  foldIn(profile: Profile): BaselineUser {
    checkProfile(profile, this.itemCount);
    return { profile, bias: this.userBias(profile) };
  }

  /** The unclamped baseline μ + b_u + b_i (the centre other models work around). */
  raw(userBias: number, item: number): number {
    return this.mean + userBias + this.itemBias[item]!;
  }

  rater(profile: Profile): (item: number) => number {
    const { bias } = this.foldIn(profile);
    return (item) => clampRating(this.raw(bias, item), this.range);
  }

  score(profile: Profile, out: Float32Array): void {
    expectLength('baseline scores', out.length, this.itemCount);
    const base = this.mean + this.foldIn(profile).bias;
    for (let i = 0; i < out.length; i++) out[i] = base + this.itemBias[i]!;
    excludeRated(profile, out);
  }

  save(): ModelState {
    return {
      model: this.name,
      mean: this.mean,
      itemBias: this.itemBias,
      regUser: this.options.regUser,
      regItem: this.options.regItem,
      iterations: this.options.iterations,
      min: this.range.min,
      max: this.range.max,
    };
  }

  load(state: ModelState): void {
    expectModel(state, this.name);
    this.mean = stateNumber(state, 'mean');
    this.itemBias = stateArray(state, 'itemBias', Float64Array);
    this.options.regUser = stateNumber(state, 'regUser');
    this.options.regItem = stateNumber(state, 'regItem');
    this.options.iterations = stateNumber(state, 'iterations');
    this.range = { min: stateNumber(state, 'min'), max: stateNumber(state, 'max') };
    this.trainUserBias = new Float64Array(0);
  }
}
