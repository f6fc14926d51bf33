/**
 * A factor model shipped with its item factors quantised (factor-matrix.ts): fitted as usual, then reduced at
 * once to what its quantised state restores, so that it predicts exactly as the shipped copy will. For models
 * whose own load() reads float32 factors (biased MF); iALS quantises by itself (IalsOptions.encoding).
 */
import {
  ShapeError,
  type FitContext,
  type ModelState,
  type Profile,
  type Ranker,
  type RatingPredictor,
  type TrainingSet,
} from '../model-contracts.ts';
import { dequantiseState, quantiseState, type FactorEncoding } from '../numeric/factor-matrix.ts';
import { stateNumber, stateObject } from '../model-state.ts';

/** Rows and columns of a factor matrix (typed array, or its quantised state) in a state that names its width `factors`. */
function shapeOf(state: ModelState, key: string): { rows: number; cols: number } {
  const cols = stateNumber(state, 'factors');
  const saved = state[key];
  const codes = ArrayBuffer.isView(saved) ? saved : stateObject(state, key).codes;
  if (!ArrayBuffer.isView(codes)) throw new ShapeError(`model state: "${key}" holds no factor matrix`);
  const rows = codes.length / cols;
  if (!Number.isInteger(rows)) throw new ShapeError(`model state: "${key}" is not a whole number of ${cols}-rows`);
  return { rows, cols };
}

export class QuantisedFactorsModel<M extends RatingPredictor & Ranker = RatingPredictor & Ranker>
  implements RatingPredictor, Ranker
{
  readonly name: string;

  constructor(
    readonly inner: M,
    readonly encoding: FactorEncoding,
    readonly key = 'itemFactors',
  ) {
    this.name = inner.name;
  }

  fit(train: TrainingSet, context: FitContext): void {
    this.inner.fit(train, context);
    this.load(this.save());
  }

  get itemCount(): number {
    return this.inner.itemCount;
  }

  rater(profile: Profile): (item: number) => number {
    return this.inner.rater(profile);
  }

  score(profile: Profile, out: Float32Array): void {
    this.inner.score(profile, out);
  }

  /** The inner model's state with the factor matrix quantised. */
  save(): ModelState {
    const state = this.inner.save();
    const { rows, cols } = shapeOf(state, this.key);
    return quantiseState(state, this.key, rows, cols, this.encoding);
  }

  load(state: ModelState): void {
    const { rows, cols } = shapeOf(state, this.key);
    this.inner.load(dequantiseState(state, this.key, rows, cols));
  }
}
