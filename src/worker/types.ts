/**
 * What the worker's start-up reports to the page: plain data, like every answer (the item data is the engine
 * catalogue's own, src/engine/catalogue/types.ts).
 */
import type { Manifest, SnapshotMode } from '../engine/dataset/dataset.ts';
import type { Algorithm } from '../engine/recommend-types.ts';

/**
 * Start-up phases in order. After 'ready' a cold start still reports how stage 2 went: 'predictor' when the
 * rating predictor arrived from the second worker, 'predictor-here' when it had to be fitted in this one.
 */
export type InitPhase = 'download' | 'decode' | 'cache' | 'fit' | 'ready' | 'predictor' | 'predictor-here' | 'save';

export interface InitProgress {
  phase: InitPhase;
  /** Fraction of this phase done, in [0, 1]; null when unknown. */
  fraction: number | null;
}

export interface InitTimings {
  downloadMs: number;
  decodeMs: number;
  /** Loading the cached engine, or fitting it when there was no usable cache. */
  modelMs: number;
  totalMs: number;
}

export interface InitResult {
  manifest: Manifest;
  itemCount: number;
  genres: string[];
  /** How the snapshot was built: the device fitted the models ("ratings") or loaded the build's ("model"). */
  mode: SnapshotMode;
  /** The algorithms this dataset offers, "blend" (the default) first: the algorithm switcher lists these. */
  algorithms: Algorithm[];
  fromCache: boolean;
  timings: InitTimings;
  /** Why the cache was not used, when it was there but unusable. */
  cacheProblem: string | null;
}
