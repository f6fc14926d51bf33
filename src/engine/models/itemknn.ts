/**
 * Explicit item-based k-nearest-neighbours (Surprise's KNNBaseline, item-based):
 *   r̂_ui = b_ui + Σ_j s_ij (r_uj − b_uj) / Σ_j s_ij
 * over the k items j the user rated that are most similar to i (positive similarities only), where
 * b_ui = μ + b_u + b_i is the baseline. Similarities are computed once for all item pairs and only each
 * item's top-M neighbours are kept (CSR, strongest first): that list is the model state, the "similar items"
 * answer and the source of explanations.
 */
import type { FitContext, ModelState, Profile, RatingPredictor, TrainingSet } from '../model-contracts.ts';
import { ShapeError } from '../model-contracts.ts';
import { checkProfile, checkTrainingSet, transposeToItemMajor } from '../dataset/training-set.ts';
import { BaselineModel, type BaselineOptions } from './baseline.ts';
import { clampRating } from './rating-range.ts';
import { expectModel, stateArray, stateNumber, stateObject, stateString } from '../model-state.ts';
import {
  MAX_PACKED_INDEX,
  TopPerRow,
  packKey,
  partitionLargest,
  unpackIndex,
  unpackScore,
} from '../numeric/top-select.ts';

/**
 * How two items' rating vectors are compared, always over the users who rated both:
 * - pearson_baseline: cosine of ratings minus the baseline μ + b_u + b_i (Surprise's pearson_baseline);
 * - pearson: cosine of ratings minus each item's mean rating;
 * - adjusted_cosine: cosine of ratings minus each user's mean rating;
 * - cosine: cosine of the raw ratings;
 * - jaccard: |both| / |either| on who rated what, ignoring the values.
 */
export type ItemSimilarity = 'pearson_baseline' | 'pearson' | 'adjusted_cosine' | 'cosine' | 'jaccard';
export const ITEM_SIMILARITIES: readonly ItemSimilarity[] = [
  'pearson_baseline',
  'pearson',
  'adjusted_cosine',
  'cosine',
  'jaccard',
];

export interface ItemKnnOptions {
  similarity: ItemSimilarity;
  /** Similarities are multiplied by (n−1)/(n−1+shrinkage), n = common raters: Surprise's default 100. */
  shrinkage: number;
  /** Neighbours used per prediction: Surprise's default 40. */
  k: number;
  /**
   * Neighbours kept per item (the model state). Keeping more improves 5-fold RMSE on ml-latest-small ever less
   * while the state grows in proportion; 200 keeps most of the gain.
   */
  maxNeighbours: number;
  baseline: Partial<BaselineOptions>;
}

/**
 * Jaccard is the default because it predicts best here: by 5-fold RMSE on ml-latest-small (shrinkage 100, k 40,
 * fold-in) it beats adjusted cosine, pearson-baseline (and Surprise's KNNBaseline), pearson and cosine, in that
 * order (src/cli/cv-predictors.ts compares them). Who rated an item together with which others says more about
 * taste than how the two ratings co-vary over a few dozen common raters.
 */
const DEFAULT_ITEM_KNN_OPTIONS: ItemKnnOptions = {
  similarity: 'jaccard',
  shrinkage: 100,
  k: 40,
  maxNeighbours: 200,
  baseline: {},
};

export interface KnnUser {
  readonly profile: Profile;
  readonly bias: number;
  /** r_uj − b_uj for every rated item j, NaN for unrated items (dense, so prediction is one lookup per neighbour). */
  readonly residual: Float32Array;
}

export class ItemKnnModel implements RatingPredictor {
  readonly name = 'itemknn';
  readonly options: ItemKnnOptions;
  readonly baseline: BaselineModel;
  /** Neighbours of item i: neighbourItems/neighbourSims[neighbourOffsets[i] .. neighbourOffsets[i+1]), strongest first. */
  neighbourOffsets: Uint32Array = new Uint32Array(1);
  neighbourItems: Int32Array = new Int32Array(0);
  neighbourSims: Float32Array = new Float32Array(0);

  constructor(options: Partial<ItemKnnOptions> = {}) {
    this.options = { ...DEFAULT_ITEM_KNN_OPTIONS, ...options };
    this.baseline = new BaselineModel(this.options.baseline);
  }

  get itemCount(): number {
    return this.neighbourOffsets.length - 1;
  }

  fit(train: TrainingSet, context: FitContext): void {
    checkTrainingSet(train);
    if (train.itemCount > MAX_PACKED_INDEX) throw new ShapeError(`item-KNN supports at most ${MAX_PACKED_INDEX} items`);
    this.baseline.fit(train, context);
    const centred = centredRatings(train, this.options.similarity, this.baseline);
    this.computeNeighbours(train, centred, context);
    context.onProgress?.(1);
  }

  /**
   * Similarities of all item pairs, keeping each item's top maxNeighbours. Each unordered pair {i, j} is
   * accumulated once, from the smaller index: for item i, every user u of i and every item j > i that u rated
   * (Σ_u n_u²/2 steps), into dense per-row accumulators reused for every i.
   */
  private computeNeighbours(train: TrainingSet, centred: Float32Array, context: FitContext): void {
    const { itemCount, userOffsets, items } = train;
    const { shrinkage, maxNeighbours, similarity } = this.options;
    const byItem = transposeToItemMajor({ ...train, values: centred });
    const jaccard = similarity === 'jaccard';
    // Interleaved [Σ x_i x_j, Σ x_i², Σ x_j², n] per j, so one pair touches one cache line.
    const acc = new Float64Array(jaccard ? 0 : itemCount * 4);
    const counts = new Int32Array(jaccard ? itemCount : 0);
    const touched = new Int32Array(itemCount);
    // Row i gets offers from earlier rows (pairs {i', i}, i' < i) and its own pass (pairs {i, j}, j > i): once
    // its own pass is done it is final, so it is selected and written out at once.
    const later = new TopPerRow(itemCount, maxNeighbours);
    const floor = later.floor;
    const rowKeys = new Float64Array(itemCount + later.capacity);
    const offsets = new Uint32Array(itemCount + 1);
    let outItems = new Int32Array(Math.min(itemCount * maxNeighbours, 1 << 20));
    let outSims = new Float32Array(outItems.length);
    for (let i = 0; i < itemCount; i++) {
      let touchedCount = 0;
      const iStart = byItem.itemOffsets[i]!;
      const iEnd = byItem.itemOffsets[i + 1]!;
      if (jaccard) {
        // Only co-occurrence counts matter: one compact counter, which stays in cache, instead of four sums.
        for (let a = iStart; a < iEnd; a++) {
          const end = userOffsets[byItem.users[a]! + 1]!;
          for (let p = byItem.positions[a]! + 1; p < end; p++) {
            const j = items[p]!;
            if (counts[j]!++ === 0) touched[touchedCount++] = j;
          }
        }
      } else {
        for (let a = iStart; a < iEnd; a++) {
          const u = byItem.users[a]!;
          const xi = byItem.values[a]!;
          const xi2 = xi * xi;
          const end = userOffsets[u + 1]!;
          for (let p = byItem.positions[a]! + 1; p < end; p++) {
            const j = items[p]!;
            const xj = centred[p]!;
            const o = j << 2;
            if (acc[o + 3] === 0) touched[touchedCount++] = j;
            acc[o]! += xi * xj;
            acc[o + 1]! += xi2;
            acc[o + 2]! += xj * xj;
            acc[o + 3]!++;
          }
        }
      }
      const countI = iEnd - iStart;
      let candidates = 0;
      for (let t = 0; t < touchedCount; t++) {
        const j = touched[t]!;
        const o = j << 2;
        let s: number;
        let n: number;
        if (jaccard) {
          n = counts[j]!;
          counts[j] = 0;
          s = n / (countI + (byItem.itemOffsets[j + 1]! - byItem.itemOffsets[j]!) - n);
        } else {
          n = acc[o + 3]!;
          const denominator = Math.sqrt(acc[o + 1]! * acc[o + 2]!);
          s = denominator > 0 ? acc[o]! / denominator : 0;
          acc[o] = 0;
          acc[o + 1] = 0;
          acc[o + 2] = 0;
          acc[o + 3] = 0;
        }
        if (shrinkage > 0) s *= (n - 1) / (n - 1 + shrinkage);
        if (s > 0) {
          // Rounding can push a perfect correlation a hair above 1.
          if (s > 1) s = 1;
          rowKeys[candidates++] = packKey(s, j);
          const back = packKey(s, i);
          if (back > floor[j]!) later.offer(j, back);
        }
      }
      candidates = later.drain(i, rowKeys, candidates);
      if (candidates > maxNeighbours) partitionLargest(rowKeys, 0, candidates, maxNeighbours);
      const kept = Math.min(candidates, maxNeighbours);
      const head = rowKeys.subarray(0, kept).sort();
      const start = offsets[i]!;
      if (start + kept > outItems.length) {
        const grown = new Int32Array(Math.max(2 * outItems.length, start + kept));
        grown.set(outItems);
        outItems = grown;
        const grownSims = new Float32Array(grown.length);
        grownSims.set(outSims);
        outSims = grownSims;
      }
      for (let t = 0; t < kept; t++) {
        const key = head[kept - 1 - t]!;
        outItems[start + t] = unpackIndex(key);
        // The key holds the similarity to 2^-30, finer than float32's 2^-24 relative step for s ≥ 2^-6.
        outSims[start + t] = unpackScore(key);
      }
      offsets[i + 1] = start + kept;
      if (context.onProgress && (i & 1023) === 0) context.onProgress(i / itemCount);
    }
    this.neighbourOffsets = offsets;
    this.neighbourItems = outItems.slice(0, offsets[itemCount]!);
    this.neighbourSims = outSims.slice(0, offsets[itemCount]!);
  }
  /** The item's kept neighbours, strongest first (views into the model: do not modify). */
  neighbours(item: number): { items: Int32Array; similarities: Float32Array } {
    this.checkItem(item);
    const start = this.neighbourOffsets[item]!;
    const end = this.neighbourOffsets[item + 1]!;
    return { items: this.neighbourItems.subarray(start, end), similarities: this.neighbourSims.subarray(start, end) };
  }

  foldIn(profile: Profile): KnnUser {
    checkProfile(profile, this.itemCount);
    const bias = this.baseline.userBias(profile);
    const residual = new Float32Array(this.itemCount).fill(NaN);
    for (let k = 0; k < profile.items.length; k++) {
      const j = profile.items[k]!;
      residual[j] = profile.values[k]! - this.baseline.raw(bias, j);
    }
    return { profile, bias, residual };
  }

  rater(profile: Profile): (item: number) => number {
    const user = this.foldIn(profile);
    const scratch = new Float64Array(3);
    return (item) => {
      this.neighbourTerm(user, item, scratch);
      return clampRating(this.baseline.raw(user.bias, item) + scratch[0]!, this.baseline.range);
    };
  }

  /**
   * The neighbourhood adjustment Σ s (r − b) / Σ s (0 without neighbours) into out[0], the similarity mass
   * Σ s into out[1] and the number of neighbours used into out[2]: the blend weighs the adjustment by its support.
   */
  neighbourTerm(user: KnnUser, item: number, out: Float64Array): void {
    this.checkItem(item);
    const { residual } = user;
    const k = this.options.k;
    let weighted = 0;
    let total = 0;
    let used = 0;
    const end = this.neighbourOffsets[item + 1]!;
    for (let p = this.neighbourOffsets[item]!; p < end && used < k; p++) {
      const r = residual[this.neighbourItems[p]!]!;
      if (r === r) {
        const s = this.neighbourSims[p]!;
        weighted += s * r;
        total += s;
        used++;
      }
    }
    out[0] = total > 0 ? weighted / total : 0;
    out[1] = total;
    out[2] = used;
  }

  save(): ModelState {
    return {
      model: this.name,
      similarity: this.options.similarity,
      shrinkage: this.options.shrinkage,
      k: this.options.k,
      maxNeighbours: this.options.maxNeighbours,
      neighbourOffsets: this.neighbourOffsets,
      neighbourItems: this.neighbourItems,
      neighbourSims: this.neighbourSims,
      baseline: this.baseline.save(),
    };
  }

  load(state: ModelState): void {
    expectModel(state, this.name);
    const similarity = stateString(state, 'similarity') as ItemSimilarity;
    if (!ITEM_SIMILARITIES.includes(similarity))
      throw new ShapeError(`model state: unknown similarity "${similarity}"`);
    this.baseline.load(stateObject(state, 'baseline'));
    const offsets = stateArray(state, 'neighbourOffsets', Uint32Array, this.baseline.itemCount + 1);
    const size = offsets[offsets.length - 1]!;
    this.neighbourItems = stateArray(state, 'neighbourItems', Int32Array, size);
    this.neighbourSims = stateArray(state, 'neighbourSims', Float32Array, size);
    this.neighbourOffsets = offsets;
    Object.assign(this.options, {
      similarity,
      shrinkage: stateNumber(state, 'shrinkage'),
      k: stateNumber(state, 'k'),
      maxNeighbours: stateNumber(state, 'maxNeighbours'),
    });
  }

  private checkItem(item: number): void {
    if (!(item >= 0 && item < this.itemCount)) throw new ShapeError(`item ${item} outside 0..${this.itemCount - 1}`);
  }
}

/** Ratings in CSR order minus the centre the similarity measure prescribes (1 for jaccard: only presence counts). */
function centredRatings(train: TrainingSet, similarity: ItemSimilarity, baseline: BaselineModel): Float32Array {
  const { userCount, itemCount, userOffsets, items, values } = train;
  const out = new Float32Array(values.length);
  if (similarity === 'jaccard') return out.fill(1);
  if (similarity === 'cosine') {
    out.set(values);
    return out;
  }
  if (similarity === 'pearson') {
    const sum = new Float64Array(itemCount);
    const count = new Float64Array(itemCount);
    for (let k = 0; k < values.length; k++) {
      sum[items[k]!]! += values[k]!;
      count[items[k]!]!++;
    }
    for (let k = 0; k < values.length; k++) out[k] = values[k]! - sum[items[k]!]! / count[items[k]!]!;
    return out;
  }
  for (let u = 0; u < userCount; u++) {
    const start = userOffsets[u]!;
    const end = userOffsets[u + 1]!;
    let centre = 0;
    if (similarity === 'adjusted_cosine') {
      for (let k = start; k < end; k++) centre += values[k]!;
      centre /= end - start;
    }
    for (let k = start; k < end; k++)
      out[k] =
        values[k]! - (similarity === 'adjusted_cosine' ? centre : baseline.raw(baseline.trainUserBias[u]!, items[k]!));
  }
  return out;
}
