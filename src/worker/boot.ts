/**
 * Getting the worker from nothing to a ready Engine: dataset first, then the fitted engine from the model cache
 * (keyed by snapshot hash + ENGINE_VERSION, so a new dataset or a new engine never loads stale parameters), or a
 * fresh fit that is then cached. A cache entry that fails to load (corrupted, truncated, wrong shape) is deleted
 * and rebuilt rather than trusted. Dependencies are passed in so Node tests drive it with an in-memory cache.
 */
import type { Dataset } from '../engine/dataset.ts';
import { ENGINE_VERSION, Engine, type EngineState } from '../engine/engine.ts';
import { modelCacheKey } from '../store/user-store.ts';
import type { InitProgress, InitTimings } from './types.ts';

export interface EngineCache {
  get(key: string): Promise<unknown>;
  put(key: string, state: EngineState): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface BootDeps {
  /** Download and decode the dataset, reporting download progress in [0, 1] (null when the size is unknown). */
  loadDataset(onDownload: (fraction: number | null) => void): Promise<{ dataset: Dataset; downloadMs: number }>;
  /** Identifies the dataset snapshot's content. */
  snapshotHash: string;
  /** Null when there is no persistent storage (private mode): fit every time. */
  cache: EngineCache | null;
  seed: number;
  now?: () => number;
}

export interface Booted {
  engine: Engine;
  fromCache: boolean;
  cacheProblem: string | null;
  timings: InitTimings;
}

/** Fixed so that every visit fits the same models from the same data. */
export const FIT_SEED = 20240601;

const FIT_PROGRESS_STEP = 0.01;

export function engineCacheKey(snapshotHash: string): string {
  return modelCacheKey(snapshotHash, `engine-v${ENGINE_VERSION}`);
}

export async function bootEngine(deps: BootDeps, onProgress: (p: InitProgress) => void): Promise<Booted> {
  const now = deps.now ?? (() => performance.now());
  const t0 = now();
  const key = engineCacheKey(deps.snapshotHash);
  // Read the cached engine while the dataset downloads and decodes: only Engine.load needs both.
  const cached = deps.cache?.get(key).then(
    (state) => ({ state, error: null }),
    (error: unknown) => ({ state: undefined, error: error instanceof Error ? error : new Error(String(error)) }),
  );
  onProgress({ phase: 'download', fraction: 0 });
  const { dataset, downloadMs } = await deps.loadDataset((fraction) => onProgress({ phase: 'download', fraction }));
  const tDecoded = now();

  let cacheProblem: string | null = null;
  if (deps.cache && cached) {
    onProgress({ phase: 'cache', fraction: null });
    const tCache = now();
    try {
      const { state, error } = await cached;
      if (error) throw error;
      if (state !== undefined && state !== null) {
        const engine = Engine.load(dataset, state as EngineState);
        onProgress({ phase: 'ready', fraction: 1 });
        const end = now();
        return {
          engine,
          fromCache: true,
          cacheProblem: null,
          // The model time is what was left to wait for after the decode (the read overlaps it) plus the load.
          timings: timings(downloadMs, tDecoded - t0 - downloadMs, end - tCache, end - t0),
        };
      }
    } catch (e) {
      cacheProblem = `cached engine unusable, rebuilt it: ${(e as Error).message}`;
      await deps.cache.delete(key).catch(() => undefined);
    }
  }

  onProgress({ phase: 'fit', fraction: 0 });
  const tFit = now();
  let reported = 0;
  const engine = Engine.fit(dataset, {
    seed: deps.seed,
    onProgress: (fraction) => {
      // Models report per iteration; every message costs a postMessage, and 1 % steps are smooth enough.
      if (fraction - reported < FIT_PROGRESS_STEP && fraction < 1) return;
      reported = fraction;
      onProgress({ phase: 'fit', fraction });
    },
  });
  const fitMs = now() - tFit;
  if (deps.cache) {
    onProgress({ phase: 'save', fraction: null });
    // A full disk or a blocked database must not stop the app: it just fits again next time.
    await deps.cache.put(key, engine.save()).catch((e: Error) => {
      cacheProblem = `could not cache the engine: ${e.message}`;
    });
  }
  onProgress({ phase: 'ready', fraction: 1 });
  return {
    engine,
    fromCache: false,
    cacheProblem,
    timings: timings(downloadMs, tDecoded - t0 - downloadMs, fitMs, now() - t0),
  };
}

function timings(downloadMs: number, decodeMs: number, modelMs: number, totalMs: number): InitTimings {
  const r = (x: number) => Math.round(x);
  return { downloadMs: r(downloadMs), decodeMs: r(decodeMs), modelMs: r(modelMs), totalMs: r(totalMs) };
}
