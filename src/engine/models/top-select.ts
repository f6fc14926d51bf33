/**
 * Keep the `m` largest entries of a candidate list, fast: similarity rows have thousands of candidates but
 * keep ~200, so a linear-time selection followed by a native typed-array sort of the survivors beats sorting
 * everything with a comparator by an order of magnitude.
 *
 * Keys pack (score, index) into one float64: floor(score · 2^30) · 2^22 + index, exact for 0 ≤ score ≤ 1
 * and index < 2^22 (4M items), so a plain numeric sort orders by score, then index.
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

/** Reorder keys[0..n) so that its `m` largest values sit in keys[0..m), largest first. Returns min(m, n). */
export function selectLargest(keys: Float64Array, n: number, m: number): number {
  if (n > m) {
    let lo = 0;
    let hi = n - 1;
    // Quickselect (descending) until position m-1 holds the m-th largest.
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
      if (m - 1 <= j) hi = j;
      else if (m - 1 >= i) lo = i;
      else break;
    }
  }
  const kept = Math.min(m, n);
  const head = keys.subarray(0, kept);
  head.sort();
  head.reverse();
  return kept;
}
