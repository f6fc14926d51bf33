/** Typed arrays filled row by row when the number of rows is not known until the end (a streamed file). */

export type NumberColumn = Int32Array | Uint32Array | Float32Array | Float64Array;

/** `a` itself, or a copy of it with room for at least `need` entries; doubling keeps appends amortised O(1). */
export function withRoom<T extends NumberColumn>(a: T, need: number): T {
  if (need <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, 2 * a.length, 16));
  b.set(a as never);
  return b;
}
