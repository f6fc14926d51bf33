/**
 * Implicit ALS fitted with every core: each half-step's rows (and the Gramian's row blocks) are handed out to
 * worker_threads in small chunks through an atomic counter, over SharedArrayBuffers that all threads read and
 * write in place. Rows are independent within a half-step and the Gramian's block partials are summed in block
 * order, so the factors are bit-for-bit those of IalsModel.fit for the same seed, whatever the worker count.
 */
import { availableParallelism } from 'node:os';
import type { TrainingSet } from '../engine/model.ts';
import { meanOf } from '../engine/mean.ts';
import { IalsModel, ialsRows, initialItemFactors, type IalsOptions } from '../engine/models/ials.ts';
import { gramianBlockCount, sumGramian, type IalsRows } from '../engine/models/ials-kernels.ts';
import { checkTrainingSet } from '../engine/training-set.ts';
import { spawnTsWorker } from './ts-worker.ts';

export interface ParallelFitOptions {
  seed: number;
  /** Worker threads (default: one per core). */
  workers?: number;
  /** Called with a fraction in [0, 1] after every half-step. */
  onProgress?: (fraction: number) => void;
}

/** What a worker needs to run any phase: shared arrays only, so nothing is copied per message. */
export interface IalsWorkerInit {
  options: IalsOptions;
  users: IalsRows;
  items: IalsRows;
  x: Float32Array;
  y: Float32Array;
  gram: Float64Array;
  partials: Float64Array;
  /** [next chunk to take] */
  counter: Int32Array;
}

/** One phase: the Gramian blocks of a factor matrix, or a half-step over one side's rows. */
export type IalsPhase = { kind: 'gramian'; of: 'x' | 'y' } | { kind: 'solve'; side: 'users' | 'items' };

/** Rows per chunk a worker takes at a time: small enough to balance heavy and light rows, big enough to be cheap. */
export const SOLVE_CHUNK = 64;

function shared<T extends Float32Array | Float64Array | Int32Array | Uint32Array>(
  ctor: { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number },
  length: number,
): T {
  return new ctor(new SharedArrayBuffer(length * ctor.BYTES_PER_ELEMENT));
}

function sharedCopy<T extends Float32Array | Float64Array | Int32Array | Uint32Array>(
  ctor: { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number },
  from: T,
): T {
  const out = shared(ctor, from.length);
  out.set(from);
  return out;
}

function sharedRows(rows: IalsRows): IalsRows {
  return {
    rowCount: rows.rowCount,
    columnCount: rows.columnCount,
    offsets: sharedCopy(Uint32Array, rows.offsets),
    columns: sharedCopy(Int32Array, rows.columns),
    confidence: sharedCopy(Float32Array, rows.confidence),
  };
}

/** Both sides' rows in shared memory (the plain copies are garbage once this returns). */
function sharedSides(train: TrainingSet, options: IalsOptions): { users: IalsRows; items: IalsRows } {
  const plain = ialsRows(train, options);
  return { users: sharedRows(plain.users), items: sharedRows(plain.items) };
}

/** Fit an IalsModel on `train` across worker threads; the same model IalsModel.fit gives for `run.seed`. */
export async function fitIalsParallel(
  train: TrainingSet,
  options: Partial<IalsOptions>,
  run: ParallelFitOptions,
): Promise<IalsModel> {
  const model = new IalsModel(options);
  const o = model.options;
  checkTrainingSet(train);
  const workerCount = run.workers ?? availableParallelism();
  if (!(Number.isInteger(workerCount) && workerCount > 0))
    throw new RangeError(`workers must be a positive integer, got ${workerCount}`);
  const k = o.factors;
  const init: IalsWorkerInit = {
    options: o,
    ...sharedSides(train, o),
    x: shared(Float32Array, train.userCount * k),
    y: sharedCopy(Float32Array, initialItemFactors(train.itemCount, o, run.seed)),
    gram: shared(Float64Array, k * k),
    partials: shared(
      Float64Array,
      Math.max(gramianBlockCount(train.userCount), gramianBlockCount(train.itemCount)) * k * k,
    ),
    counter: shared(Int32Array, 1),
  };
  const workers = Array.from({ length: workerCount }, () =>
    spawnTsWorker(new URL('./ials-worker.ts', import.meta.url)),
  );
  const failed = new Promise<never>((_, reject) => {
    for (const w of workers) {
      w.once('error', reject);
      w.once('exit', (code) => reject(new Error(`iALS worker exited with code ${code} before the fit ended`)));
    }
  });
  // Rejections after the last phase (none expected) must not surface as unhandled.
  failed.catch(() => undefined);
  const phase = async (p: IalsPhase): Promise<void> => {
    Atomics.store(init.counter, 0, 0);
    const done = workers.map((w) => new Promise<void>((resolve) => w.once('message', () => resolve())));
    for (const w of workers) w.postMessage(p);
    await Promise.race([Promise.all(done), failed]);
  };
  try {
    for (const w of workers) w.postMessage(init);
    const halfSteps = 2 * o.epochs;
    let step = 0;
    const half = async (of: 'x' | 'y', side: 'users' | 'items', fixedRows: number): Promise<void> => {
      await phase({ kind: 'gramian', of });
      sumGramian(init.partials, gramianBlockCount(fixedRows), k, init.gram);
      await phase({ kind: 'solve', side });
      run.onProgress?.(++step / halfSteps);
    };
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      await half('y', 'users', train.itemCount);
      await half('x', 'items', train.userCount);
    }
  } finally {
    for (const w of workers) w.removeAllListeners('exit');
    await Promise.all(workers.map((w) => w.terminate()));
  }
  model.adopt(init.y.slice(), train.itemCount, meanOf(train.values), init.x.slice());
  return model;
}
