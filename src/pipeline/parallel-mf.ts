/**
 * Fit the star predictor in a worker thread (mf-worker.ts) while this thread waits on other work: the model-mode
 * build starts it beside the iALS fit, so SGD's single chain of updates overlaps iALS's row solves on the cores.
 * The result is the model fitStarPredictor gives in this thread for the same seed.
 */
import type { ModelState, TrainingSet } from '../engine/model-contracts.ts';
import { starPredictor } from '../engine/model-mode/shipped-models.ts';
import type { StarPredictor } from '../engine/model-mode/shipped-models.ts';
import { spawnTsWorker } from './ts-worker.ts';

export interface MfWorkerRequest {
  train: TrainingSet;
  seed: number;
}

export type MfWorkerMessage = { kind: 'progress'; fraction: number } | { kind: 'done'; state: ModelState };

export async function fitStarPredictorInWorker(
  train: TrainingSet,
  seed: number,
  onProgress?: (fraction: number) => void,
): Promise<StarPredictor> {
  const worker = spawnTsWorker(new URL('./mf-worker.ts', import.meta.url));
  try {
    const state = await new Promise<ModelState>((resolve, reject) => {
      worker.on('message', (m: MfWorkerMessage) => {
        if (m.kind === 'progress') onProgress?.(m.fraction);
        else resolve(m.state);
      });
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`MF worker exited with code ${code} before the fit ended`)));
      const { userCount, itemCount, userOffsets, items, values } = train;
      worker.postMessage({
        train: { userCount, itemCount, userOffsets, items, values },
        seed,
      } satisfies MfWorkerRequest);
    });
    const predictor = starPredictor();
    predictor.load(state);
    return predictor;
  } finally {
    worker.removeAllListeners('exit');
    await worker.terminate();
  }
}
