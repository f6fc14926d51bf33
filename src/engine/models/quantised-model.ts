/**
 * A factor model shipped with its item factors quantised (factor-matrix.ts): fitted as usual, then reduced at
 * once to what its quantised state restores, so that it predicts exactly as the shipped copy will. For models
 * whose own load() reads float32 factors (biased MF); iALS quantises by itself (IalsOptions.encoding).
 */
import {
  ShapeError,
  type FitContext,
  type FoldedUser,
  type Model,
  type ModelState,
  type Profile,
  type TrainingSet,
} from '../model-contracts.ts';
import { dequantiseState, quantiseState, type FactorEncoding } from '../numeric/factor-matrix.ts';
import { stateNumber } from './state.ts';

/** Rows and columns of the factor matrix under `key` of a state that names its width `factors`. */
function shapeOf(state: ModelState, key: string): { rows: number; cols: number } {
  const cols = stateNumber(state, 'factors');
  const codes = state[key];
  if (!ArrayBuffer.isView(codes)) throw new ShapeError(`model state: "${key}" should be a typed array`);
  const rows = codes.length / cols;
  if (!Number.isInteger(rows)) throw new ShapeError(`model state: "${key}" is not a whole number of ${cols}-rows`);
  return { rows, cols };
}

export class QuantisedFactorsModel implements Model {
  readonly name: string;

  constructor(
    readonly inner: Model,
    readonly encoding: FactorEncoding,
    readonly key = 'itemFactors',
  ) {
    this.name = inner.name;
  }

  fit(train: TrainingSet, context: FitContext): void {
    this.inner.fit(train, context);
    this.load(this.save());
  }

  foldIn(profile: Profile): FoldedUser {
    return this.inner.foldIn(profile);
  }

  predict(user: FoldedUser, item: number): number {
    return this.inner.predict(user, item);
  }

  scoreAll(user: FoldedUser, out: Float32Array): void {
    this.inner.scoreAll(user, out);
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
