/**
 * Getting the worker from nothing to a ready RatingsEngine. The model cache (keyed by snapshot hash + ENGINE_VERSION, so a
 * new dataset, new tuned parameters (they live in the snapshot) or a new engine never loads stale parameters) holds
 * the fitted engine together with the decoded dataset it was fitted on: a repeat visit reads both back, far faster
 * than downloading and decoding the snapshot again, which is heavy work for a phone (`npm run bench:browser` times
 * both). Without a usable entry: download, decode, fit in two stages (the rankers, with the snapshot's tuning, enough
 * to answer every request, then the rating predictor, in a second worker when there is one, while this one answers).
 * Stage 1 is cached as soon as it answers and the whole engine once stage 2 is done, so a visit closed early still
 * leaves the rankers: the next one loads them and fits only the predictor.
 * An entry that fails to load (corrupted, truncated, wrong shape) is deleted and rebuilt rather than trusted.
 * Dependencies are passed in so Node tests drive it with an in-memory cache.
 */
import { hasDatasetShape, type Dataset } from '../engine/dataset/dataset.ts';
import { RatingsEngine } from '../engine/ratings-mode/ratings-engine.ts';
import { ENGINE_VERSION, type EngineState } from '../engine/recommender.ts';
import { loadEngine } from '../engine/load-engine.ts';
import type { ModelState } from '../engine/model-contracts.ts';
import { ModelEngine } from '../engine/model-mode/model-engine.ts';
import type { ShippedModels } from '../engine/model-mode/shipped-models.ts';
import type { Recommender } from '../engine/recommender.ts';
import type { Tuning } from '../engine/tuning/tuning.ts';
import { modelCacheKey } from '../store/user-store.ts';
import type { InitPhase, InitProgress, InitTimings } from './types.ts';

/** One model-cache entry: the engine and the dataset it was fitted on. */
export interface CachedEngine {
  engine: EngineState;
  dataset: Dataset;
}

export interface EngineCache {
  get(key: string): Promise<unknown>;
  put(key: string, entry: CachedEngine): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface BootDeps {
  /**
   * Download and decode the dataset, with the parameters the build tuned for it (none: the defaults), reporting the
   * download ('download', in [0, 1], null when the size is unknown) and then the decode ('decode'): the page's bridge
   * tells from the phase whether this worker only waits (and so must answer its pings) or computes.
   */
  loadDataset(
    onProgress: (p: InitProgress) => void,
  ): Promise<{ dataset: Dataset; tuning?: Tuning | null; models?: ShippedModels | null; downloadMs: number }>;
  /** Identifies the dataset snapshot's content, its tuning record included. */
  snapshotHash: string;
  /** Null when there is no persistent storage (private mode): fit every time. */
  cache: EngineCache | null;
  seed: number;
  /**
   * Fits the rating predictor (stage 2 of a cold start) in another worker, so this one keeps answering while it
   * runs. Without it, or when it fails, this worker fits it a little later, between requests.
   */
  fitPredictorElsewhere?: ((dataset: Dataset, seed: number) => Promise<ModelState>) | null;
  now?: () => number;
}

export interface Booted {
  engine: Recommender;
  fromCache: boolean;
  cacheProblem: string | null;
  timings: InitTimings;
  /**
   * Resolves once the engine is whole and cached: at once when a whole engine was loaded; after a cold start or a
   * stage-1 entry, once stage 2 (the rating predictor) is fitted and the engine saved. Resolves to what went wrong
   * saving it, or null.
   */
  complete: Promise<string | null>;
}

/** Fixed so that every visit fits the same models from the same data. */
export const FIT_SEED = 20240601;

/** 1 % steps are smooth enough for a progress bar. */
const FIT_PROGRESS_STEP = 0.01;

/**
 * When stage 2 runs in this worker (no second worker), it waits this long so the page's first requests, sent as
 * soon as init answers, are served with stage 1 before the predictor fit takes the thread for a while.
 */
const PREDICTOR_DELAY_MS = 300;

export function engineCacheKey(snapshotHash: string): string {
  return modelCacheKey(snapshotHash, `engine-v${ENGINE_VERSION}`);
}

export async function bootEngine(deps: BootDeps, onProgress: (p: InitProgress) => void): Promise<Booted> {
  const now = deps.now ?? (() => performance.now());
  const t0 = now();
  const key = engineCacheKey(deps.snapshotHash);
  let cacheProblem: string | null = null;
  if (deps.cache) {
    onProgress({ phase: 'cache', fraction: null });
    try {
      const saved = await deps.cache.get(key);
      if (saved !== undefined && saved !== null) {
        const { engine: state, dataset } = cachedEntry(saved);
        const engine = loadEngine(dataset, state);
        // A stage-1 entry (the last visit ended before its predictor was fitted): fit only that, then cache the whole.
        const staged = engine instanceof RatingsEngine && !engine.predictorReady ? engine : null;
        const elsewhere = staged ? deps.fitPredictorElsewhere?.(dataset, deps.seed) : null;
        onProgress({ phase: 'ready', fraction: 1 });
        const end = now();
        return {
          engine,
          fromCache: true,
          cacheProblem: null,
          timings: timings(0, 0, end - t0, end - t0),
          complete: staged
            ? completeStage2(staged, elsewhere, deps.cache, key, dataset, null, onProgress)
            : Promise.resolve(null),
        };
      }
    } catch (e) {
      cacheProblem = `cached engine unusable, rebuilt it: ${(e as Error).message}`;
      await deps.cache.delete(key).catch(() => undefined);
    }
  }

  onProgress({ phase: 'download', fraction: 0 });
  const tDownload = now();
  const { dataset, tuning: tuned, models, downloadMs } = await deps.loadDataset(onProgress);
  const tuning = tuned ?? undefined;
  const decodeMs = now() - tDownload - downloadMs;
  onProgress({ phase: 'fit', fraction: 0 });
  if (models) {
    // Model mode: the build fitted everything; loading is all there is, and the engine is whole at once.
    const tLoad = now();
    const engine = ModelEngine.fromSnapshot(dataset, models, tuning);
    const loadMs = now() - tLoad;
    const cache = deps.cache;
    onProgress({ phase: 'ready', fraction: 1 });
    return {
      engine,
      fromCache: false,
      cacheProblem,
      timings: timings(downloadMs, decodeMs, loadMs, now() - t0),
      complete: cache ? saveEngine(cache, key, engine, dataset, onProgress) : Promise.resolve(null),
    };
  }
  const tFit = now();
  // Stage 2 starts first: in a second worker it runs alongside stage 1, on another core.
  const elsewhere = deps.fitPredictorElsewhere?.(dataset, deps.seed);
  const engine = RatingsEngine.fitRanking(dataset, { seed: deps.seed, tuning, onProgress: inSteps('fit', onProgress) });
  const fitMs = now() - tFit;
  const cache = deps.cache;
  // Stage 1 is cached as soon as the first answers are on their way (a task later), so that a visit closed before
  // stage 2 is done still spares the next one the rankers' fit. Saving it cannot stop the app: at worst the next
  // visit fits again.
  const stage1Saved = cache
    ? new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() =>
        engine.predictorReady
          ? undefined
          : cache.put(key, { engine: engine.saveStage1(), dataset }).catch(() => undefined),
      )
    : null;
  onProgress({ phase: 'ready', fraction: 1 });
  return {
    engine,
    fromCache: false,
    cacheProblem,
    timings: timings(downloadMs, decodeMs, fitMs, now() - t0),
    complete: completeStage2(engine, elsewhere, cache, key, dataset, stage1Saved, onProgress),
  };
}

/**
 * Stage 2 of a staged engine: adopt the predictor fitted in the second worker (`elsewhere`), or fit it here between
 * requests when there is none or it failed, then cache the whole engine (after the stage-1 entry, when one is being
 * written, so the whole one is the last word). Resolves to what went wrong, or null.
 */
function completeStage2(
  engine: RatingsEngine,
  elsewhere: Promise<ModelState> | null | undefined,
  cache: EngineCache | null,
  key: string,
  dataset: Dataset,
  stage1Saved: Promise<void> | null,
  onProgress: (p: InitProgress) => void,
): Promise<string | null> {
  const stage2 = (elsewhere ?? Promise.reject(new Error('no second worker')))
    .then((state) => {
      engine.usePredictor(state);
      onProgress({ phase: 'predictor', fraction: 1 });
    })
    // A worker that failed, or a state that does not fit this engine: fitted here instead, between requests.
    .catch(() => {
      onProgress({ phase: 'predictor-here', fraction: null });
      // Its progress is also the page's sign that this worker, silent to requests meanwhile, is alive.
      return engine.fitPredictorLater(PREDICTOR_DELAY_MS, inSteps('predictor-here', onProgress));
    });
  // Only a whole engine is cached here (save() would fit a missing predictor in place, blocking this worker), and
  // after the stage-1 entry, so the whole one is the last word.
  return stage2.then(
    async () => {
      if (!cache) return null;
      await stage1Saved;
      return saveEngine(cache, key, engine, dataset, onProgress);
    },
    (e: Error) => `could not fit the rating predictor: ${e.message}`,
  );
}

/** Cache a whole engine; resolves to what went wrong, or null. */
function saveEngine(
  cache: EngineCache,
  key: string,
  engine: Recommender,
  dataset: Dataset,
  onProgress: (p: InitProgress) => void,
): Promise<string | null> {
  onProgress({ phase: 'save', fraction: null });
  // A full disk or a blocked database must not stop the app: it just fits (or loads) again next time.
  return cache.put(key, { engine: engine.save(), dataset }).then(
    () => null,
    (e: Error) => `could not cache the engine: ${e.message}`,
  );
}

/** A fit's progress as one phase's reports, in steps: models report per iteration, each message a postMessage. */
function inSteps(phase: InitPhase, onProgress: (p: InitProgress) => void): (fraction: number) => void {
  let reported = 0;
  return (fraction) => {
    if (fraction - reported < FIT_PROGRESS_STEP && fraction < 1) return;
    reported = fraction;
    onProgress({ phase, fraction });
  };
}

/** A cache entry as read back: the dataset's shape is checked here, the engine state's by loading it. */
function cachedEntry(saved: unknown): CachedEngine {
  const entry = saved as Partial<CachedEngine>;
  if (!hasDatasetShape(entry.dataset)) throw new Error('the cached dataset is missing or has the wrong shape');
  return { engine: entry.engine as EngineState, dataset: entry.dataset };
}

function timings(downloadMs: number, decodeMs: number, modelMs: number, totalMs: number): InitTimings {
  const r = (x: number) => Math.round(x);
  return { downloadMs: r(downloadMs), decodeMs: r(decodeMs), modelMs: r(modelMs), totalMs: r(totalMs) };
}
