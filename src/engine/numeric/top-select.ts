/**
 * Keeping the largest scores per row (each item's strongest neighbours), and the top k of one row of scores.
 *
 * Sorting packs (score, index) into one float64 key, floor(score · 2^30) · 2^22 + index, exact for
 * 0 ≤ score ≤ 1 and index < 2^22 (4M items), so a native typed-array sort (far faster than a comparator
 * sort) orders by score, then index.
 */
import { expectLength } from '../model-contracts.ts';

const SCORE_SCALE = 2 ** 30;
const INDEX_SPAN = 2 ** 22;
export const MAX_PACKED_INDEX = INDEX_SPAN - 1;

export function packKey(score: number, index: number): number {
  return Math.floor(score * SCORE_SCALE) * INDEX_SPAN + index;
}

export function unpackIndex(key: number): number {
  return key % INDEX_SPAN;
}

export function unpackScore(key: number): number {
  return Math.floor(key / INDEX_SPAN) / SCORE_SCALE;
}

/** Reorder keys[start .. start+n) so that its m largest values come first (in no particular order); m < n. */
export function partitionLargest(keys: Float64Array, start: number, n: number, m: number): void {
  let lo = start;
  let hi = start + n - 1;
  const target = start + m - 1;
  // Quickselect, descending, until position `target` holds the m-th largest.
  while (lo < hi) {
    const pivot = keys[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (keys[i]! > pivot) i++;
      while (keys[j]! < pivot) j--;
      if (i <= j) {
        const t = keys[i]!;
        keys[i] = keys[j]!;
        keys[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
}

/** Move the m largest of keys[0..n) to keys[0..m), largest first; returns how many that is (min(m, n)). */
export function selectLargestKeys(keys: Float64Array, n: number, m: number): number {
  if (n > m) partitionLargest(keys, 0, n, m);
  const kept = Math.min(m, n);
  keys.subarray(0, kept).sort().reverse();
  return kept;
}

/**
 * The `keep` largest keys offered to each row, gathered lazily: offers are appended to the row's buffer
 * (2 × keep slots) and, when it fills, a quickselect keeps the top `keep` and raises the row's floor, below
 * which later offers are dropped without touching the buffer. Appending is one write where a heap would sift
 * through log(keep) scattered slots, and the buffers are megabytes, so scattered access is what costs.
 */
export class TopPerRow {
  readonly keys: Float64Array;
  readonly sizes: Int32Array;
  /** Offers at or below a row's floor cannot make its top `keep`. */
  readonly floor: Float64Array;
  readonly capacity: number;

  constructor(
    readonly rows: number,
    readonly keep: number,
  ) {
    this.capacity = 2 * keep;
    this.keys = new Float64Array(rows * this.capacity);
    this.sizes = new Int32Array(rows);
    this.floor = new Float64Array(rows).fill(-1);
  }

  offer(row: number, key: number): void {
    if (key <= this.floor[row]!) return;
    const base = row * this.capacity;
    let n = this.sizes[row]!;
    if (n === this.capacity) {
      partitionLargest(this.keys, base, n, this.keep);
      n = this.keep;
      let min = Infinity;
      for (let t = base; t < base + n; t++) if (this.keys[t]! < min) min = this.keys[t]!;
      this.floor[row] = min;
      if (key <= min) {
        this.sizes[row] = n;
        return;
      }
    }
    this.keys[base + n] = key;
    this.sizes[row] = n + 1;
  }

  /** Append the row's gathered keys to out[at ..]; returns the new end. */
  drain(row: number, out: Float64Array, at: number): number {
    const base = row * this.capacity;
    const n = this.sizes[row]!;
    out.set(this.keys.subarray(base, base + n), at);
    return at + n;
  }
}

/**
 * Indices of the k best-scoring allowed items, best first. Ties go to the higher `tieBreak` value when one is
 * given, then to the lower index. A bounded min-heap: O(n log k) with no n-sized allocation, which keeps a full
 * ranking of the catalogue cheap enough for every rating the user gives.
 */
export function topK(scores: Float32Array, k: number, allowed?: Uint8Array, tieBreak?: Float32Array): Int32Array {
  if (allowed) expectLength('candidate mask', allowed.length, scores.length);
  if (tieBreak) expectLength('tie-break values', tieBreak.length, scores.length);
  const heap = new Int32Array(Math.max(0, k));
  let size = 0;
  // "worse(a, b)": a ranks below b.
  const worse = (a: number, b: number): boolean =>
    scores[a]! < scores[b]! ||
    (scores[a] === scores[b] &&
      (tieBreak ? tieBreak[a]! < tieBreak[b]! || (tieBreak[a] === tieBreak[b] && a > b) : a > b));
  const siftDown = (start: number): void => {
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < size && worse(heap[l]!, heap[m]!)) m = l;
      if (r < size && worse(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      const t = heap[i]!;
      heap[i] = heap[m]!;
      heap[m] = t;
      i = m;
    }
  };
  if (k <= 0) return heap;
  for (let j = 0; j < scores.length; j++) {
    if (allowed && !allowed[j]) continue;
    if (Number.isNaN(scores[j]!)) continue;
    if (size < k) {
      heap[size] = j;
      let i = size++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!worse(heap[i]!, heap[p]!)) break;
        const t = heap[i]!;
        heap[i] = heap[p]!;
        heap[p] = t;
        i = p;
      }
    } else if (worse(heap[0]!, j)) {
      heap[0] = j;
      siftDown(0);
    }
  }
  const out = heap.slice(0, size);
  out.sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
  return out;
}
