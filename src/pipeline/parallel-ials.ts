/**
 * Implicit ALS fitted with every core: each half-step's rows (and the Gramian's row blocks) are handed out to
 * worker_threads in chunks of about equal work (see solveChunks) through an atomic counter, over SharedArrayBuffers that all threads read and
 * write in place. Rows are independent within a half-step and the Gramian's block partials are summed in block
 * order, so the factors are bit-for-bit those of IalsModel.fit for the same seed, whatever the worker count.
 */
import { availableParallelism } from 'node:os';
import type { TrainingSet } from '../engine/model-contracts.ts';
import { IalsModel, ialsRows, initialItemFactors, type IalsOptions } from '../engine/models/ials.ts';
import { gramianBlockCount, sumGramian, type IalsRows } from '../engine/models/ials-kernels.ts';
import { checkTrainingSet } from '../engine/dataset/training-set.ts';
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
  /** Row boundaries of each side's chunks (solveChunks). */
  userChunks: Uint32Array;
  itemChunks: Uint32Array;
  x: Float32Array;
  y: Float32Array;
  gram: Float64Array;
  partials: Float64Array;
  /** [next chunk to take] */
  counter: Int32Array;
}

/** One phase: the Gramian blocks of a factor matrix, or a half-step over one side's rows. */
export type IalsPhase = { kind: 'gramian'; of: 'x' | 'y' } | { kind: 'solve'; side: 'users' | 'items' };

/** Chunks per worker and half-step: enough that the last ones taken end close together, few enough to be cheap. */
export const CHUNKS_PER_WORKER = 64;

/**
 * Boundaries of consecutive row ranges of about equal work, for `workers` threads: chunks of equal row counts leave
 * one thread solving a range of the most rated items while the other waits (item rows differ by orders of magnitude
 * in entries). A row costs its entries (two k-long passes each per CG step) plus one k×k product per step, which is
 * about k/2 entries' worth. A row with more work than a chunk's share is a chunk of its own.
 */
export function solveChunks(rows: IalsRows, k: number, workers: number): Uint32Array {
  const rowCost = k / 2;
  const cost = (r: number) => rows.offsets[r + 1]! - rows.offsets[r]! + rowCost;
  const total = rows.offsets[rows.rowCount]! + rows.rowCount * rowCost;
  const share = total / (workers * CHUNKS_PER_WORKER);
  const bounds = [0];
  let acc = 0;
  for (let r = 0; r < rows.rowCount; r++) {
    acc += cost(r);
    if (acc >= share || r === rows.rowCount - 1) {
      bounds.push(r + 1);
      acc = 0;
    }
  }
  return sharedCopy(Uint32Array, Uint32Array.from(bounds));
}

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
  const sides = sharedSides(train, o);
  const init: IalsWorkerInit = {
    options: o,
    ...sides,
    userChunks: solveChunks(sides.users, k, workerCount),
    itemChunks: solveChunks(sides.items, k, workerCount),
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
  model.adopt(init.y.slice(), train.itemCount, init.x.slice());
  return model;
}
