/** Arithmetic mean of an array, 0 for an empty one (a model's global mean when there is nothing to average). */
export function meanOf(values: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < values.length; k++) s += values[k]!;
  return values.length > 0 ? s / values.length : 0;
}
