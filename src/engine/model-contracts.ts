/**
 * The one small interface every recommendation model implements. Training users are the dataset's; the app's
 * own user is never in the training data, so every model works by fold-in: a profile (items and ratings)
 * becomes a FoldedUser in milliseconds, without retraining.
 */

/** Ratings to train on: CSR by user, each row sorted by item index. */
export interface TrainingSet {
  userCount: number;
  itemCount: number;
  userOffsets: Uint32Array;
  items: Int32Array;
  values: Float32Array;
}

/** A user outside the training data: item indices (any order, no duplicates) with their ratings. */
export interface Profile {
  items: Int32Array;
  values: Float32Array;
}

/** Whatever a model derives from a profile (user vector, biases, …). Opaque to callers. */
export interface FoldedUser {
  readonly profile: Profile;
}

export interface FitContext {
  /** Deterministic seed for anything random. */
  seed: number;
  /** Called with a fraction in [0, 1] during long fits. */
  onProgress?: (fraction: number) => void;
}

/**
 * Flat, structured-clone-friendly model parameters, for the IndexedDB model cache. Int8Array and Uint16Array carry
 * quantised factors (int8 codes, float16 bits).
 */
export type ModelState = Record<
  string,
  number | string | Float32Array | Float64Array | Int32Array | Uint32Array | Int8Array | Uint16Array
>;

export interface Model {
  readonly name: string;
  fit(train: TrainingSet, context: FitContext): void;
  foldIn(profile: Profile): FoldedUser;
  /** Predicted rating on the dataset's scale (not clamped by callers; models clamp themselves). */
  predict(user: FoldedUser, item: number): number;
  /** A ranking score for every item (higher is better). `out` has itemCount entries; rated items included. */
  scoreAll(user: FoldedUser, out: Float32Array): void;
  /** Parameters to cache; `load` of the same must restore an identical model. */
  save(): ModelState;
  load(state: ModelState): void;
}

export class ShapeError extends Error {
  override name = 'ShapeError';
}

/** Throw a ShapeError unless `actual === expected`; numeric code checks its shapes. */
export function expectLength(what: string, actual: number, expected: number): void {
  if (actual !== expected) throw new ShapeError(`${what}: expected length ${expected}, got ${actual}`);
}
