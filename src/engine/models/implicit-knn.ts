/**
 * Implicit item-KNN: items are similar when the same people rated them (cosine on 0/1 columns), whatever
 * the ratings were. Each item keeps its top neighbours; a user's score for j sums the similarities of
 * j to the items they rated. Also the engine's "similar items" and its MMR similarity.
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
import { checkProfileItems } from '../dataset/training-set.ts';
import { expectModel, stateArray, stateNumber } from '../model-state.ts';
import {
  MAX_PACKED_INDEX,
  packKey,
  selectLargestKeys,
  TopPerRow,
  unpackIndex,
  unpackScore,
} from '../numeric/top-select.ts';

export interface ImplicitKnnOptions {
  /**
   * Neighbours kept per item: holdout NDCG@10 on ml-latest-small falls as the lists grow past a few dozen (long
   * lists add weak, popularity-driven links); 20 keeps it near its best and still fills a "similar items" list.
   */
  neighbours: number;
}

const DEFAULT_IMPLICIT_KNN: ImplicitKnnOptions = { neighbours: 20 };

export class ImplicitKnnModel implements Ranker {
  readonly name = 'implicit-knn';
  options: ImplicitKnnOptions;
  itemCount = 0;
  /** Neighbours of item i: slots i·k .. i·k+k of neighbourItems (−1 = empty) and neighbourSims, best first. */
  neighbourItems: Int32Array = new Int32Array(0);
  neighbourSims: Float32Array = new Float32Array(0);

  constructor(options: Partial<ImplicitKnnOptions> = {}) {
    this.options = { ...DEFAULT_IMPLICIT_KNN, ...options };
    if (!(Number.isInteger(this.options.neighbours) && this.options.neighbours > 0))
      throw new RangeError(`neighbours must be a positive integer, got ${this.options.neighbours}`);
  }

  /**
   * Co-occurrence counts of every pair once (i < j), offered to both items' top lists: half the counting of
   * one pass per item.
   */
  fit(train: TrainingSet, context: FitContext): void {
    const n = train.itemCount;
    if (n > MAX_PACKED_INDEX + 1)
      throw new ShapeError(`implicit-knn packs item indices in 22 bits: ${n} items is too many`);
    const k = this.options.neighbours;
    const { userOffsets, items } = train;
    // Item-major view holding, for each rating of item i, its position in the user's row and the row's end:
    // rows are sorted by item, so the items after that position are exactly the user's items j > i.
    const itemOffsets = new Uint32Array(n + 1);
    for (let q = 0; q < items.length; q++) itemOffsets[items[q]! + 1]!++;
    for (let j = 0; j < n; j++) itemOffsets[j + 1]! += itemOffsets[j]!;
    const fill = itemOffsets.slice(0, n);
    const after = new Uint32Array(items.length);
    const rowEnd = new Uint32Array(items.length);
    for (let u = 0; u < train.userCount; u++) {
      const e = userOffsets[u + 1]!;
      for (let q = userOffsets[u]!; q < e; q++) {
        const at = fill[items[q]!]!++;
        after[at] = q + 1;
        rowEnd[at] = e;
      }
    }
    const counts = new Float64Array(n);
    for (let j = 0; j < n; j++) counts[j] = itemOffsets[j + 1]! - itemOffsets[j]!;
    this.itemCount = n;
    const top = new TopPerRow(n, k);
    const co = new Int32Array(n);
    const touched = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let t = 0;
      for (let p = itemOffsets[i]!; p < itemOffsets[i + 1]!; p++) {
        const e = rowEnd[p]!;
        for (let q = after[p]!; q < e; q++) {
          const j = items[q]!;
          if (co[j] === 0) touched[t++] = j;
          co[j]!++;
        }
      }
      const ci = counts[i]!;
      for (let s = 0; s < t; s++) {
        const j = touched[s]!;
        // One rounding of co/√(ci·cj), so equal cosines pack equal and ties fall to the item index.
        const sim = co[j]! / Math.sqrt(ci * counts[j]!);
        co[j] = 0;
        top.offer(i, packKey(sim, j));
        top.offer(j, packKey(sim, i));
      }
      if (context.onProgress && i % 1000 === 0) context.onProgress((0.9 * i) / n);
    }
    this.neighbourItems = new Int32Array(n * k).fill(-1);
    this.neighbourSims = new Float32Array(n * k);
    const keys = new Float64Array(top.capacity);
    for (let i = 0; i < n; i++) {
      const kept = selectLargestKeys(keys, top.drain(i, keys, 0), k);
      for (let s = 0; s < kept; s++) {
        const j = unpackIndex(keys[s]!);
        // The packed score is the similarity to 2^-30; the count behind it is an integer, so rounding recovers
        // it exactly and the stored similarity is the exact cosine.
        const root = Math.sqrt(counts[i]! * counts[j]!);
        this.neighbourItems[i * k + s] = j;
        this.neighbourSims[i * k + s] = Math.round(unpackScore(keys[s]!) * root) / root;
      }
    }
    context.onProgress?.(1);
  }

  score(profile: Profile, out: Float32Array): void {
    expectLength('implicit-knn scores', out.length, this.itemCount);
    checkProfileItems(profile, this.itemCount);
    out.fill(0);
    const k = this.options.neighbours;
    for (const i of profile.items) {
      for (let s = i * k; s < i * k + k; s++) {
        const j = this.neighbourItems[s]!;
        if (j < 0) break;
        out[j]! += this.neighbourSims[s]!;
      }
    }
    excludeRated(profile, out);
  }

  /** Similarity of a to b (0 unless b is among a's kept neighbours). */
  similarity(a: number, b: number): number {
    const k = this.options.neighbours;
    for (let s = a * k; s < a * k + k; s++) {
      const j = this.neighbourItems[s]!;
      if (j < 0) break;
      if (j === b) return this.neighbourSims[s]!;
    }
    return 0;
  }

  /** Each rated item's share of a score: its similarity to the item. */
  explain(profile: Profile, items: ArrayLike<number>): Float32Array[] {
    checkProfileItems(profile, this.itemCount);
    return Array.from(items, (item) => Float32Array.from(profile.items, (i) => this.similarity(i, item)));
  }

  /** The neighbours of one item, best first. */
  neighbours(item: number, limit: number): { item: number; score: number }[] {
    if (item < 0 || item >= this.itemCount) throw new ShapeError(`item ${item} outside 0..${this.itemCount - 1}`);
    const k = this.options.neighbours;
    const out: { item: number; score: number }[] = [];
    for (let s = item * k; s < item * k + Math.min(k, limit); s++) {
      const j = this.neighbourItems[s]!;
      if (j < 0) break;
      out.push({ item: j, score: this.neighbourSims[s]! });
    }
    return out;
  }

  save(): ModelState {
    return {
      model: this.name,
      neighbours: this.options.neighbours,
      itemCount: this.itemCount,
      neighbourItems: this.neighbourItems,
      neighbourSims: this.neighbourSims,
    };
  }

  load(state: ModelState): void {
    expectModel(state, this.name);
    this.options = { neighbours: stateNumber(state, 'neighbours') };
    this.itemCount = stateNumber(state, 'itemCount');
    const size = this.itemCount * this.options.neighbours;
    this.neighbourItems = stateArray(state, 'neighbourItems', Int32Array, size);
    this.neighbourSims = stateArray(state, 'neighbourSims', Float32Array, size);
  }
}
