/** Walker's alias method: draws from a fixed discrete distribution in O(1) each, after O(n) setup. */

export interface AliasTable {
  /** Probability of keeping column i rather than taking its alias. */
  keep: Float64Array;
  alias: Int32Array;
}

/** Weights need not sum to one; all must be finite and non-negative, and at least one positive. */
export function aliasTable(weights: ArrayLike<number>): AliasTable {
  const n = weights.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += weights[i]!;
  if (!(sum > 0) || !Number.isFinite(sum)) throw new Error('aliasTable: the weights must have a positive, finite sum');
  const keep = new Float64Array(n);
  const alias = new Int32Array(n);
  const small = new Int32Array(n);
  const large = new Int32Array(n);
  let ns = 0;
  let nl = 0;
  for (let i = 0; i < n; i++) {
    keep[i] = (weights[i]! * n) / sum;
    if (keep[i]! < 1) small[ns++] = i;
    else large[nl++] = i;
  }
  while (ns > 0 && nl > 0) {
    const s = small[--ns]!;
    const l = large[nl - 1]!;
    alias[s] = l;
    keep[l] = keep[l]! + keep[s]! - 1;
    if (keep[l]! < 1) {
      nl--;
      small[ns++] = l;
    }
  }
  // What is left is 1 up to rounding.
  while (nl > 0) keep[large[--nl]!] = 1;
  while (ns > 0) keep[small[--ns]!] = 1;
  return { keep, alias };
}

/** One draw, from two uniform numbers in [0, 1): one picks the column, the other tosses its coin. */
export function drawAlias(table: AliasTable, uniform: () => number): number {
  const i = Math.floor(uniform() * table.keep.length);
  return uniform() < table.keep[i]! ? i : table.alias[i]!;
}
