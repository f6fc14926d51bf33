/**
 * The star predictor's fit (biased MF by SGD, model-mode/shipped-models.ts) in a worker thread, so the build runs it
 * beside the iALS fit instead of after it: SGD's updates depend on each other in order, and one thread running the
 * seeded single-thread fit unchanged keeps the shipped model the same bytes whatever the machine.
 */
import { parentPort } from 'node:worker_threads';
import { fitStarPredictor } from '../engine/model-mode/shipped-models.ts';
import type { MfWorkerMessage, MfWorkerRequest } from './parallel-mf.ts';

if (!parentPort) throw new Error('mf-worker runs as a worker thread');
const port = parentPort;

port.once('message', ({ train, seed }: MfWorkerRequest) => {
  const predictor = fitStarPredictor(train, seed, (fraction) =>
    port.postMessage({ kind: 'progress', fraction } satisfies MfWorkerMessage),
  );
  port.postMessage({ kind: 'done', state: predictor.save() } satisfies MfWorkerMessage);
});
