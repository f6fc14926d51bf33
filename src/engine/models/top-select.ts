/**
 * Keeping the largest scores per row (each item's strongest neighbours).
 *
 * Sorting packs (score, index) into one float64 key, floor(score · 2^30) · 2^22 + index, exact for
 * 0 ≤ score ≤ 1 and index < 2^22 (4M items), so a native typed-array sort (an order of magnitude faster than
 * a comparator sort) orders by score, then index.
 */

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

/**
 * For every row (item), the `capacity` largest scores offered to it, in bounded min-heaps: lets a similarity
 * pass visit each unordered pair once and offer it to both rows, instead of computing every row in full.
 */
export class TopPerRow {
  readonly scores: Float32Array;
  readonly columns: Int32Array;
  readonly sizes: Int32Array;
  /**
   * Smallest kept score of each full row (0 until full): offers at or below it are rejected without touching
   * the heap, and the heaps (rows × capacity, megabytes) are where the cache misses are.
   */
  readonly floor: Float32Array;

  constructor(
    readonly rows: number,
    readonly capacity: number,
  ) {
    this.scores = new Float32Array(rows * capacity);
    this.columns = new Int32Array(rows * capacity);
    this.sizes = new Int32Array(rows);
    this.floor = new Float32Array(rows);
  }

  offer(row: number, score: number, column: number): void {
    const { scores, columns, capacity } = this;
    const base = row * capacity;
    const n = this.sizes[row]!;
    if (n < capacity) {
      // Sift up from the new leaf.
      let c = n;
      while (c > 0) {
        const parent = (c - 1) >> 1;
        if (scores[base + parent]! <= score) break;
        scores[base + c] = scores[base + parent]!;
        columns[base + c] = columns[base + parent]!;
        c = parent;
      }
      scores[base + c] = score;
      columns[base + c] = column;
      this.sizes[row] = n + 1;
      if (n + 1 === capacity) this.floor[row] = scores[base]!;
      return;
    }
    if (!(score > scores[base]!)) return;
    // Replace the root (the smallest kept) and sift down.
    let c = 0;
    for (;;) {
      let child = 2 * c + 1;
      if (child >= n) break;
      if (child + 1 < n && scores[base + child + 1]! < scores[base + child]!) child++;
      if (scores[base + child]! >= score) break;
      scores[base + c] = scores[base + child]!;
      columns[base + c] = columns[base + child]!;
      c = child;
    }
    scores[base + c] = score;
    columns[base + c] = column;
    this.floor[row] = scores[base]!;
  }

  /** CSR of every row's kept entries, largest score first (ties: larger column first). Scores must lie in [0, 1]. */
  toCsr(): { offsets: Uint32Array; columns: Int32Array; scores: Float32Array } {
    const { rows, capacity } = this;
    const offsets = new Uint32Array(rows + 1);
    for (let r = 0; r < rows; r++) offsets[r + 1] = offsets[r]! + this.sizes[r]!;
    const total = offsets[rows]!;
    const columns = new Int32Array(total);
    const scores = new Float32Array(total);
    const keys = new Float64Array(capacity);
    for (let r = 0; r < rows; r++) {
      const n = this.sizes[r]!;
      const base = r * capacity;
      for (let t = 0; t < n; t++) keys[t] = packKey(this.scores[base + t]!, this.columns[base + t]!);
      const head = keys.subarray(0, n);
      head.sort();
      const start = offsets[r]!;
      for (let t = 0; t < n; t++) {
        const key = head[n - 1 - t]!;
        columns[start + t] = unpackIndex(key);
        // The key holds the score to 2^-30, finer than float32's 2^-24 relative step for scores ≥ 2^-6.
        scores[start + t] = unpackScore(key);
      }
    }
    return { offsets, columns, scores };
  }
}
