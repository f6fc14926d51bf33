/**
 * The two contracts every model meets, one or both. A Ranker orders the catalogue for a profile ("what next"); a
 * RatingPredictor says how many stars the profile would give an item ("how much"). Training users are the dataset's;
 * the app's own user is never in the training data, so every model works by fold-in: a profile (items and ratings)
 * is scored or rated in milliseconds, without retraining. Each contract saves and loads its own parameters (the model
 * cache), as nested plain data.
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

export interface FitContext {
  /** Deterministic seed for anything random. */
  seed: number;
  /** Called with a fraction in [0, 1] during long fits. */
  onProgress?: (fraction: number) => void;
}

/** The typed arrays a saved state may hold (Int8Array and Uint16Array carry quantised factors: int8 codes, float16). */
export type StateArray = Float32Array | Float64Array | Int32Array | Uint32Array | Int8Array | Uint16Array;

/**
 * A model's parameters as structured-clone-friendly data, for the IndexedDB model cache and the snapshot. A model
 * made of others keeps each part's state under the part's name.
 */
export interface ModelState {
  [key: string]: number | string | StateArray | ModelState;
}

/** What both contracts share: fitted from ratings, or loaded from a state the same class saved. */
export interface Fitted {
  /** The model's name, kept in its state so a state never loads into another model. */
  readonly name: string;
  /** Items it knows (0 until fitted or loaded). */
  readonly itemCount: number;
  fit(train: TrainingSet, context: FitContext): void;
  save(): ModelState;
  /** Restores exactly what save() saw; throws ShapeError on a state it cannot trust. */
  load(state: ModelState): void;
}

/** Orders the catalogue for a profile. */
export interface Ranker extends Fitted {
  /**
   * A score for every item into `out` (itemCount entries), higher first. Items the profile rated score -Infinity:
   * no list recommends what the user has already rated.
   */
  score(profile: Profile, out: Float32Array): void;
  /**
   * "Because you rated…": each item's score split over the profile's items (one array per item, in profile order).
   * Absent for a ranker whose scores do not come from the profile's items (popularity).
   */
  explain?(profile: Profile, items: ArrayLike<number>): Float32Array[];
}

/** Predicts a profile's stars. */
export interface RatingPredictor extends Fitted {
  /** The profile folded in once; the function gives any item's predicted rating, on the dataset's scale. */
  rater(profile: Profile): (item: number) => number;
}

/** One algorithm as an engine offers it: the ranker that orders its lists and the predictor whose stars label them. */
export interface AlgorithmRow {
  readonly rank: Ranker;
  readonly stars: RatingPredictor;
}

export class ShapeError extends Error {
  override name = 'ShapeError';
}

/** Throw a ShapeError unless `actual === expected`; numeric code checks its shapes. */
export function expectLength(what: string, actual: number, expected: number): void {
  if (actual !== expected) throw new ShapeError(`${what}: expected length ${expected}, got ${actual}`);
}

/** Set the profile's items to -Infinity in a ranker's scores (the Ranker contract). */
export function excludeRated(profile: Profile, out: Float32Array): void {
  for (let t = 0; t < profile.items.length; t++) out[profile.items[t]!] = -Infinity;
}
