/**
 * EASE (Steck 2019): item-item weights B = I − P·diag(P)⁻¹ with the diagonal forced to 0, where
 * P = (XᵀX + λI)⁻¹ over the user×item matrix X. Never materialised: with far fewer users than items (as in
 * MovieLens) the Woodbury identity gives P = (1/λ)(I − Xᵀ K X) with K = (λI + XXᵀ)⁻¹, a users×users matrix far
 * smaller than items×items, and every product with P becomes two sparse passes over X and one dense
 * users×users product, which keeps scoring a new user cheap (`npm run bench` times it).
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
import { transposeToItemMajor } from '../dataset/training-set.ts';
import { invertSpd } from '../numeric/cholesky.ts';
import { expectModel, stateArray, stateNumber, stateString } from '../model-state.ts';

/**
 * How a rating becomes an entry of X. "binary": 1 for every rating (the paper's implicit setting);
 * "liked": 1 for ratings at or above the user's own mean, 0.5 below, so a disliked film still says what
 * the user watches but pulls less.
 */
export type EaseWeighting = 'binary' | 'liked';

export interface EaseOptions {
  /**
   * L2 regularisation, chosen on ml-latest-small's holdout NDCG@10 across seeds: for the liked weighting it
   * changes little around the default and falls steadily at larger λ; binary weighting wants a larger λ and
   * stays below liked (`npm run eval` prints both).
   */
  lambda: number;
  weighting: EaseWeighting;
}

export const DEFAULT_EASE: EaseOptions = { lambda: 150, weighting: 'liked' };

/** Row weights for one user's ratings (same order), per the weighting. */
export function easeRowWeights(values: ArrayLike<number>, weighting: EaseWeighting, out: Float32Array): void {
  expectLength('EASE row weights', out.length, values.length);
  if (weighting === 'binary') {
    out.fill(1);
    return;
  }
  let mean = 0;
  for (let k = 0; k < values.length; k++) mean += values[k]!;
  mean /= Math.max(1, values.length);
  for (let k = 0; k < values.length; k++) out[k] = values[k]! >= mean ? 1 : 0.5;
}

export type EaseSide = 'users' | 'items';

/** Largest matrix side EASE will invert: inversion holds two n×n float64 matrices, 2·4000² × 8 B = 256 MB. */
const EASE_MAX_SIDE = 4000;

/** Room for cached K·X_j vectors (kx): a few hundred items' worth for a dataset of MovieLens's size. */
const KX_CACHE_BYTES = 4 * 2 ** 20;

/** A profile as EASE reads it: its items and their row weights (easeRowWeights). */
interface ProfileRow {
  items: Int32Array;
  weights: Float32Array;
}

export class EaseModel implements Ranker {
  readonly name = 'ease';
  options: EaseOptions;
  userCount = 0;
  itemCount = 0;
  /** X by user (the training rows with their weights) and by item. */
  userOffsets: Uint32Array = new Uint32Array(1);
  rowItems: Int32Array = new Int32Array(0);
  rowWeights: Float32Array = new Float32Array(0);
  itemOffsets: Uint32Array = new Uint32Array(1);
  colUsers: Int32Array = new Int32Array(0);
  colWeights: Float32Array = new Float32Array(0);
  /**
   * Which side is inverted: "users" (Woodbury, K below) when there are no more users than items, otherwise
   * "items": then P itself is the smaller inverse and B is kept as a dense items×items matrix.
   */
  side: EaseSide = 'users';
  /**
   * K = (λI + XXᵀ)⁻¹, users×users row-major ("users" side only). Float32: half the cached state
   * and of the memory every scoring pass reads; diag(P), where cancellation lives, is computed in float64.
   */
  k: Float32Array = new Float32Array(0);
  /** B, items×items row-major, zero diagonal ("items" side only). */
  weights: Float32Array = new Float32Array(0);
  /** diag(P). */
  diagP: Float64Array = new Float64Array(0);
  // Scratch buffers, allocated once per shape.
  private a = new Float64Array(0);
  private b = new Float64Array(0);
  private c = new Float64Array(0);

  constructor(options: Partial<EaseOptions> = {}) {
    this.options = { ...DEFAULT_EASE, ...options };
    if (!(this.options.lambda > 0)) throw new RangeError(`EASE lambda must be > 0, got ${this.options.lambda}`);
  }

  fit(train: TrainingSet, context: FitContext): void {
    const { userCount, itemCount } = train;
    const lambda = this.options.lambda;
    this.userCount = userCount;
    this.itemCount = itemCount;
    this.userOffsets = train.userOffsets.slice();
    this.rowItems = train.items.slice();
    this.rowWeights = new Float32Array(train.items.length);
    for (let u = 0; u < userCount; u++) {
      const s = train.userOffsets[u]!;
      const e = train.userOffsets[u + 1]!;
      easeRowWeights(train.values.subarray(s, e), this.options.weighting, this.rowWeights.subarray(s, e));
    }
    const cols = transposeToItemMajor({ ...train, values: this.rowWeights });
    this.itemOffsets = cols.itemOffsets;
    this.colUsers = cols.users;
    this.colWeights = cols.values;
    context.onProgress?.(0.1);
    this.side = userCount <= itemCount ? 'users' : 'items';
    const side = Math.min(userCount, itemCount);
    if (side > EASE_MAX_SIDE)
      throw new ShapeError(
        `EASE would invert a ${side}×${side} matrix (${userCount} users, ${itemCount} items); the limit is ${EASE_MAX_SIDE}`,
      );
    if (this.side === 'items') {
      this.fitItemSide(context);
      return;
    }

    // λI + XXᵀ: every item adds the outer product of its column.
    const n = userCount;
    const g = new Float64Array(n * n);
    for (let j = 0; j < itemCount; j++) {
      const s = this.itemOffsets[j]!;
      const e = this.itemOffsets[j + 1]!;
      for (let p = s; p < e; p++) {
        const row = this.colUsers[p]! * n;
        const w = this.colWeights[p]!;
        for (let q = s; q < e; q++) g[row + this.colUsers[q]!]! += w * this.colWeights[q]!;
      }
    }
    for (let u = 0; u < n; u++) g[u * n + u]! += lambda;
    context.onProgress?.(0.3);
    invertSpd(g, n);
    context.onProgress?.(0.8);
    this.computeDiagonal(g);
    this.k = Float32Array.from(g);
    this.allocate();
    context.onProgress?.(1);
  }

  /** B = I − P·diag(P)⁻¹ from P = (XᵀX + λI)⁻¹ directly, when items are the smaller side. */
  private fitItemSide(context: FitContext): void {
    const n = this.itemCount;
    const g = new Float64Array(n * n);
    for (let u = 0; u < this.userCount; u++) {
      const s = this.userOffsets[u]!;
      const e = this.userOffsets[u + 1]!;
      for (let p = s; p < e; p++) {
        const row = this.rowItems[p]! * n;
        const w = this.rowWeights[p]!;
        for (let q = s; q < e; q++) g[row + this.rowItems[q]!]! += w * this.rowWeights[q]!;
      }
    }
    for (let i = 0; i < n; i++) g[i * n + i]! += this.options.lambda;
    context.onProgress?.(0.3);
    invertSpd(g, n);
    this.diagP = new Float64Array(n);
    for (let j = 0; j < n; j++) this.diagP[j] = g[j * n + j]!;
    this.weights = new Float32Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) if (i !== j) this.weights[i * n + j] = -g[i * n + j]! / this.diagP[j]!;
    this.k = new Float32Array(0);
    this.allocate();
    context.onProgress?.(1);
  }

  /** diag(P)_j = (1/λ)(1 − X_jᵀ K X_j), from K in full precision. */
  private computeDiagonal(k: Float64Array): void {
    const n = this.userCount;
    this.diagP = new Float64Array(this.itemCount);
    for (let j = 0; j < this.itemCount; j++) {
      const s = this.itemOffsets[j]!;
      const e = this.itemOffsets[j + 1]!;
      let quad = 0;
      for (let p = s; p < e; p++) {
        const row = this.colUsers[p]! * n;
        let inner = 0;
        for (let q = s; q < e; q++) inner += k[row + this.colUsers[q]!]! * this.colWeights[q]!;
        quad += this.colWeights[p]! * inner;
      }
      this.diagP[j] = (1 - quad) / this.options.lambda;
    }
  }

  private allocate(): void {
    this.a = new Float64Array(this.userCount);
    this.b = new Float64Array(this.userCount);
    this.c = new Float64Array(this.itemCount);
    this.kxCache.clear();
  }

  /**
   * K·X_j by item j, least recently used first. Reasons need it for every item of a list, and a list after one more
   * rating is mostly the list before: kept, the same items cost a sparse dot instead of a pass over K each time.
   * A vector depends on the model alone, so a result never depends on what is cached.
   */
  private readonly kxCache = new Map<number, Float64Array>();

  private kx(item: number): Float64Array {
    const cached = this.kxCache.get(item);
    if (cached) {
      this.kxCache.delete(item);
      this.kxCache.set(item, cached);
      return cached;
    }
    const n = this.userCount;
    const v = new Float64Array(n);
    for (let p = this.itemOffsets[item]!; p < this.itemOffsets[item + 1]!; p++) {
      const row = this.colUsers[p]! * n;
      const w = this.colWeights[p]!;
      for (let u = 0; u < n; u++) v[u]! += w * this.k[row + u]!;
    }
    this.kxCache.set(item, v);
    if (this.kxCache.size * n * 8 > KX_CACHE_BYTES) this.kxCache.delete(this.kxCache.keys().next().value!);
    return v;
  }

  /** The profile's weighted entries of x, with items outside the training catalogue dropped. */
  private row(profile: Profile): ProfileRow {
    const weights = new Float32Array(profile.items.length);
    easeRowWeights(profile.values, this.options.weighting, weights);
    for (let t = 0; t < profile.items.length; t++) {
      const i = profile.items[t]!;
      if (i < 0 || i >= this.itemCount) throw new ShapeError(`profile item ${i} outside 0..${this.itemCount - 1}`);
    }
    return { items: profile.items, weights };
  }

  /** out = x·B for the profile's row x: s = x − (xP) ⊘ diag(P). */
  score(profile: Profile, out: Float32Array): void {
    expectLength('EASE scores', out.length, this.itemCount);
    this.scoreRow(this.row(profile), out);
    excludeRated(profile, out);
  }

  private scoreRow({ items, weights }: ProfileRow, out: Float32Array): void {
    if (this.side === 'items') {
      const n = this.itemCount;
      out.fill(0);
      for (let t = 0; t < items.length; t++) {
        const row = items[t]! * n;
        const w = weights[t]!;
        for (let j = 0; j < n; j++) out[j]! += w * this.weights[row + j]!;
      }
      return;
    }
    const n = this.userCount;
    const { a, b, c, k } = this;
    // a = x Xᵀ
    a.fill(0);
    for (let t = 0; t < items.length; t++) {
      const i = items[t]!;
      const w = weights[t]!;
      for (let p = this.itemOffsets[i]!; p < this.itemOffsets[i + 1]!; p++)
        a[this.colUsers[p]!]! += w * this.colWeights[p]!;
    }
    // b = a K (K symmetric: row combination), skipping users the profile shares nothing with.
    b.fill(0);
    for (let u = 0; u < n; u++) {
      const au = a[u]!;
      if (au === 0) continue;
      const row = u * n;
      for (let v = 0; v < n; v++) b[v]! += au * k[row + v]!;
    }
    // c = b X
    c.fill(0);
    for (let u = 0; u < n; u++) {
      const bu = b[u]!;
      for (let p = this.userOffsets[u]!; p < this.userOffsets[u + 1]!; p++)
        c[this.rowItems[p]!]! += bu * this.rowWeights[p]!;
    }
    // xP = (x − c)/λ; s = x − xP/diag(P). Without x: s_j = (c_j − x_j)/(λ·P_jj) + x_j.
    const lambda = this.options.lambda;
    for (let j = 0; j < this.itemCount; j++) out[j] = this.diagP[j]! > 0 ? c[j]! / (lambda * this.diagP[j]!) : 0;
    for (let t = 0; t < items.length; t++) {
      const j = items[t]!;
      const w = weights[t]!;
      out[j] = this.diagP[j]! > 0 ? w + (c[j]! - w) / (lambda * this.diagP[j]!) : 0;
    }
  }

  /**
   * x_i·B_ij for every profile item i and one target j, in profile order: how much each rated item pulls
   * j up. B_ij = −P_ij/P_jj with P_ij = (1/λ)(δ_ij − X_iᵀ K X_j); K X_j costs one pass over j's column.
   */
  private contributionsOf({ items, weights }: ProfileRow, item: number): Float32Array {
    const out = new Float32Array(items.length);
    if (this.side === 'items') {
      for (let t = 0; t < items.length; t++) out[t] = weights[t]! * this.weights[items[t]! * this.itemCount + item]!;
      return out;
    }
    const pjj = this.diagP[item]!;
    if (!(pjj > 0)) return out;
    const v = this.kx(item);
    for (let t = 0; t < items.length; t++) {
      const i = items[t]!;
      if (i === item) continue;
      out[t] = (weights[t]! * (this.columnDot(i, v) / this.options.lambda)) / pjj;
    }
    return out;
  }

  /** X_iᵀ v: item i's column of the training matrix (its raters' weights) against a vector over users. */
  private columnDot(i: number, v: Float64Array): number {
    let dot = 0;
    for (let p = this.itemOffsets[i]!; p < this.itemOffsets[i + 1]!; p++)
      dot += this.colWeights[p]! * v[this.colUsers[p]!]!;
    return dot;
  }

  /**
   * The contributions of several targets at once (the reasons for a whole list), from whichever side has fewer
   * ratings: K·X_j per target (contributionsOf), or K·X_i per profile item (K is symmetric), then a sparse dot
   * per pair. A short profile of popular items makes the second several times cheaper. The side depends on the
   * inputs only, so the same question always gets the same numbers.
   */
  explain(profile: Profile, targets: ArrayLike<number>): Float32Array[] {
    const columns = (list: ArrayLike<number>): number => {
      let nnz = 0;
      for (let t = 0; t < list.length; t++) nnz += this.itemOffsets[list[t]! + 1]! - this.itemOffsets[list[t]!]!;
      return nnz;
    };
    for (let t = 0; t < targets.length; t++) {
      const j = targets[t]!;
      if (!(Number.isInteger(j) && j >= 0 && j < this.itemCount))
        throw new ShapeError(`item ${j} outside 0..${this.itemCount - 1}`);
    }
    const row = this.row(profile);
    const { items, weights } = row;
    if (this.side === 'items' || columns(items) >= columns(targets))
      return Array.from(targets, (j) => this.contributionsOf(row, j));
    const ku = Array.from(items, (i) => this.kx(i));
    return Array.from(targets, (j) => {
      const out = new Float32Array(items.length);
      const pjj = this.diagP[j]!;
      if (!(pjj > 0)) return out;
      for (let t = 0; t < items.length; t++) {
        if (items[t] === j) continue;
        out[t] = (weights[t]! * (this.columnDot(j, ku[t]!) / this.options.lambda)) / pjj;
      }
      return out;
    });
  }

  save(): ModelState {
    return {
      model: this.name,
      lambda: this.options.lambda,
      weighting: this.options.weighting,
      userCount: this.userCount,
      itemCount: this.itemCount,
      userOffsets: this.userOffsets,
      rowItems: this.rowItems,
      rowWeights: this.rowWeights,
      side: this.side,
      k: this.k,
      weights: this.weights,
      diagP: this.diagP,
    };
  }

  load(state: ModelState): void {
    expectModel(state, this.name);
    const weighting = stateString(state, 'weighting');
    if (weighting !== 'binary' && weighting !== 'liked')
      throw new ShapeError(`EASE state: unknown weighting "${weighting}"`);
    this.options = { lambda: stateNumber(state, 'lambda'), weighting };
    this.userCount = stateNumber(state, 'userCount');
    this.itemCount = stateNumber(state, 'itemCount');
    this.userOffsets = stateArray(state, 'userOffsets', Uint32Array, this.userCount + 1);
    const nnz = this.userOffsets[this.userCount]!;
    this.rowItems = stateArray(state, 'rowItems', Int32Array, nnz);
    this.rowWeights = stateArray(state, 'rowWeights', Float32Array, nnz);
    const side = stateString(state, 'side');
    if (side !== 'users' && side !== 'items') throw new ShapeError(`EASE state: unknown side "${side}"`);
    this.side = side;
    this.k = stateArray(state, 'k', Float32Array, side === 'users' ? this.userCount * this.userCount : 0);
    this.weights = stateArray(state, 'weights', Float32Array, side === 'items' ? this.itemCount * this.itemCount : 0);
    this.diagP = stateArray(state, 'diagP', Float64Array, this.itemCount);
    const cols = transposeToItemMajor({
      userCount: this.userCount,
      itemCount: this.itemCount,
      userOffsets: this.userOffsets,
      items: this.rowItems,
      values: this.rowWeights,
    });
    this.itemOffsets = cols.itemOffsets;
    this.colUsers = cols.users;
    this.colWeights = cols.values;
    this.allocate();
  }
}
