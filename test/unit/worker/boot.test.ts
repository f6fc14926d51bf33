import { beforeAll, describe, expect, it } from 'vitest';
import { tinyDataset } from './tiny-dataset.ts';
import type { Dataset } from '../../../src/engine/dataset/dataset.ts';
import { ENGINE_VERSION, type RatingsEngineState } from '../../../src/engine/recommender.ts';
import { RatingsEngine } from '../../../src/engine/ratings-mode/ratings-engine.ts';
import type { ModelState } from '../../../src/engine/model-contracts.ts';
import { DEFAULT_TUNING, type Tuning } from '../../../src/engine/tuning/tuning.ts';
import {
  bootEngine,
  engineCacheKey,
  type BootDeps,
  type Booted,
  type CachedEngine,
  type EngineCache,
} from '../../../src/worker/boot.ts';
import type { InitProgress } from '../../../src/worker/types.ts';
import { decodeSnapshotParts, encodeSnapshot } from '../../../src/engine/snapshot/codec.ts';
import { smallDataset, smallModels } from '../engine/model-mode/fixtures.ts';

let dataset: Dataset;
beforeAll(() => {
  dataset = tinyDataset();
});

class MemoryCache implements EngineCache {
  map = new Map<string, unknown>();
  /** Whole engines written (either mode); stage-1 entries (a ratings-mode fit without its predictor) apart. */
  puts = 0;
  stage1Puts = 0;
  async get(key: string) {
    return this.map.get(key);
  }
  async put(key: string, entry: CachedEngine) {
    if (entry.engine.mode === 'ratings' && entry.engine.stars.stage === 'staged') this.stage1Puts++;
    else this.puts++;
    this.map.set(key, structuredClone(entry));
  }
  async delete(key: string) {
    this.map.delete(key);
  }
}

function deps(cache: EngineCache | null, hash = 'abc'): BootDeps {
  return { loadDataset: async () => ({ dataset, downloadMs: 1 }), snapshotHash: hash, cache, seed: 1 };
}

/** A boot that has also finished stage 2 and its cache write, as a visit that stays open does. */
async function bootWhole(d: BootDeps, onProgress: (p: InitProgress) => void = () => {}): Promise<Booted> {
  const booted = await bootEngine(d, onProgress);
  await booted.complete;
  return booted;
}

describe('bootEngine', () => {
  it('fits and caches on the first visit, then loads without fitting on the next', async () => {
    const cache = new MemoryCache();
    const phases1: InitProgress[] = [];
    const first = await bootEngine(deps(cache), (p) => phases1.push(p));
    expect(first.fromCache).toBe(false);
    expect(phases1.map((p) => p.phase)).toContain('fit');
    expect(phases1.at(-1)).toEqual({ phase: 'ready', fraction: 1 });
    // Ready after stage 1: the predictor and the cache writes come after.
    expect(first.engine.predictorReady).toBe(false);
    expect(cache.puts + cache.stage1Puts).toBe(0);
    expect(await first.complete).toBeNull();
    expect(first.engine.predictorReady).toBe(true);
    expect([cache.stage1Puts, cache.puts]).toEqual([1, 1]);
    expect(cache.map.has(engineCacheKey('abc'))).toBe(true);
    expect(phases1.at(-1)).toEqual({ phase: 'save', fraction: null });

    const phases2: InitProgress[] = [];
    const second = await bootEngine(deps(cache), (p) => phases2.push(p));
    expect(second.fromCache).toBe(true);
    expect(await second.complete).toBeNull();
    expect(cache.puts).toBe(1);
    expect(phases2.map((p) => p.phase)).not.toContain('fit');
    const profile = { items: Int32Array.of(0, 5), values: Float32Array.of(4, 2) };
    expect(second.engine.recommend(profile, { limit: 10 })).toEqual(first.engine.recommend(profile, { limit: 10 }));
  });

  it('a visit closed after stage 1 leaves the rankers cached: the next fits only the predictor, then caches the whole', async () => {
    const whole = new MemoryCache();
    await bootWhole(deps(whole));
    const key = engineCacheKey('abc');

    // The first visit answers from stage 1 and is closed while its second worker still fits the predictor.
    const cache = new MemoryCache();
    const cut = await bootEngine({ ...deps(cache), fitPredictorElsewhere: () => new Promise(() => {}) }, () => {});
    const profile = { items: Int32Array.of(0, 5), values: Float32Array.of(4, 2) };
    const firstList = cut.engine.recommend(profile, { limit: 10 });
    await new Promise((r) => setTimeout(r, 0));
    expect([cache.stage1Puts, cache.puts]).toEqual([1, 0]);
    const stage1 = cache.map.get(key) as CachedEngine;
    expect(stage1.engine.mode === 'ratings' && stage1.engine.stars.stage).toBe('staged');

    // The next visit loads the rankers (no download, no fit), answers at once, and fits only the predictor.
    let loads = 0;
    const phases: string[] = [];
    const next = await bootEngine(
      { ...deps(cache), loadDataset: async () => (loads++, { dataset, downloadMs: 1 }) },
      (p) => phases.push(p.phase),
    );
    expect(next.fromCache).toBe(true);
    expect(loads).toBe(0);
    expect(phases).not.toContain('fit');
    expect(next.engine.predictorReady).toBe(false);
    expect(next.engine.recommend(profile, { limit: 10 })).toEqual(firstList);
    expect(await next.complete).toBeNull();
    const after = phases.slice(phases.indexOf('ready') + 1);
    expect(after.filter((phase, k) => phase !== after[k - 1])).toEqual(['predictor-here', 'save']);
    expect(next.engine.predictorReady).toBe(true);
    // What it cached is what an uninterrupted first visit caches, and the visit after loads it whole.
    expect(cache.map.get(key)).toEqual(whole.map.get(key));
    const third = await bootEngine(deps(cache), () => {});
    expect(third.engine.predictorReady).toBe(true);
    expect(await third.complete).toBeNull();
    expect([cache.stage1Puts, cache.puts]).toEqual([1, 1]);
  });

  it('a repeat visit takes the dataset from the cache too: no download, no decode', async () => {
    const cache = new MemoryCache();
    await bootWhole(deps(cache));
    let loads = 0;
    const phases: InitProgress[] = [];
    const booted = await bootEngine(
      { ...deps(cache), loadDataset: async () => (loads++, { dataset, downloadMs: 1 }) },
      (p) => phases.push(p),
    );
    expect(booted.fromCache).toBe(true);
    expect(loads).toBe(0);
    expect(phases.map((p) => p.phase)).not.toContain('download');
    expect(booted.engine.dataset).toEqual(dataset);
    expect(booted.engine.dataset).not.toBe(dataset);
  });

  it('rebuilds over a cached dataset of the wrong shape', async () => {
    const cache = new MemoryCache();
    await bootWhole(deps(cache));
    const key = engineCacheKey('abc');
    const entry = cache.map.get(key) as CachedEngine;
    cache.map.set(key, { ...entry, dataset: { ...entry.dataset, ratingValues: entry.dataset.ratingValues.slice(1) } });
    const rebuilt = await bootWhole(deps(cache));
    expect(rebuilt.fromCache).toBe(false);
    expect(rebuilt.cacheProblem).toMatch(/dataset/);
    expect((await bootEngine(deps(cache), () => {})).fromCache).toBe(true);
  });

  it('rebuilds when reading the cache fails, and says why', async () => {
    const cache = new MemoryCache();
    cache.get = async () => {
      throw new Error('read failed');
    };
    const booted = await bootWhole(deps(cache));
    expect(booted.fromCache).toBe(false);
    expect(booted.cacheProblem).toMatch(/read failed/);
    expect(cache.puts).toBe(1);
  });

  it('does not use an engine cached for another snapshot', async () => {
    const cache = new MemoryCache();
    await bootWhole(deps(cache, 'one'));
    const other = await bootWhole(deps(cache, 'two'));
    expect(other.fromCache).toBe(false);
    expect(cache.puts).toBe(2);
  });

  it("fits with the parameters tuned for the snapshot's dataset, and the cached engine keeps them", async () => {
    const tuning: Tuning = { ...DEFAULT_TUNING, stars: { ...DEFAULT_TUNING.stars, weight: 2 } };
    const cache = new MemoryCache();
    const tuned: BootDeps = { ...deps(cache), loadDataset: async () => ({ dataset, tuning, downloadMs: 1 }) };
    const first = await bootWhole(tuned);
    expect(first.engine.tuning).toEqual(tuning);
    const again = await bootWhole(tuned);
    expect(again.fromCache).toBe(true);
    expect(again.engine.tuning).toEqual(tuning);
    // A snapshot without a record: the defaults.
    expect((await bootWhole(deps(null))).engine.tuning).toEqual(DEFAULT_TUNING);
  });

  it('rebuilds over a corrupted cache entry, says why, and caches the rebuilt engine', async () => {
    const cache = new MemoryCache();
    await bootWhole(deps(cache));
    const truncated = { version: ENGINE_VERSION, models: {} };
    const withDataset = (engine: unknown) => ({ engine, dataset: structuredClone(dataset) });
    // Well-formed, with a valid checksum where the store keeps one, but full of NaN: refused on load, not served.
    const poisoned = structuredClone(cache.map.get(engineCacheKey('abc')) as CachedEngine);
    const parts = (poisoned.engine as RatingsEngineState).ranking.parts as ModelState;
    ((parts.ease as ModelState).diagP as Float64Array).fill(NaN);
    for (const garbage of [
      poisoned,
      'garbage',
      { version: -1, models: {} },
      truncated,
      withDataset(truncated),
      withDataset({ version: -1, models: {} }),
    ]) {
      cache.map.set(engineCacheKey('abc'), garbage);
      const puts = cache.puts;
      const rebuilt = await bootWhole(deps(cache));
      expect(rebuilt.fromCache).toBe(false);
      expect(rebuilt.cacheProblem).toMatch(/rebuilt/);
      expect(cache.puts).toBe(puts + 1);
      expect((await bootEngine(deps(cache), () => {})).fromCache).toBe(true);
    }
  });

  it('works with no storage at all, and when saving fails', async () => {
    const none = await bootEngine(deps(null), () => {});
    expect(none.fromCache).toBe(false);
    expect(await none.complete).toBeNull();
    expect(none.engine.predictorReady).toBe(true);
    const full = new MemoryCache();
    full.put = async () => {
      throw new Error('QuotaExceededError');
    };
    const booted = await bootEngine(deps(full), () => {});
    expect(await booted.complete).toMatch(/QuotaExceededError/);
  });

  it('answers before a predictor fitted elsewhere arrives, then adopts it and caches what fitting here would', async () => {
    const inPlace = new MemoryCache();
    await bootWhole(deps(inPlace));
    const cache = new MemoryCache();
    let arrive: (state: ModelState) => void = () => {};
    const sent: Dataset[] = [];
    const phases: string[] = [];
    const booted = await bootEngine(
      {
        ...deps(cache),
        fitPredictorElsewhere: (d) => {
          sent.push(d);
          return new Promise((resolve) => (arrive = resolve));
        },
      },
      (p) => phases.push(p.phase),
    );
    expect(sent).toEqual([dataset]);
    // Stage 1 answers on its own while the other worker is still fitting.
    const profile = { items: Int32Array.of(0, 5), values: Float32Array.of(4, 2) };
    expect(booted.engine.recommend(profile, { limit: 5 })).toHaveLength(5);
    await new Promise((r) => setTimeout(r, 400));
    expect(booted.engine.predictorReady).toBe(false);
    expect(cache.puts).toBe(0);

    arrive(RatingsEngine.fitPredictorState(structuredClone(dataset), { seed: 1 }));
    expect(await booted.complete).toBeNull();
    expect(booted.engine.predictorReady).toBe(true);
    // The page hears where stage 2 ran: in the other worker, not here.
    expect(phases.slice(phases.indexOf('ready') + 1)).toEqual(['predictor', 'save']);
    const key = engineCacheKey('abc');
    expect(cache.map.get(key)).toEqual(inPlace.map.get(key));
  });

  it('fits the predictor here when the other worker fails or sends a state that does not fit', async () => {
    const inPlace = new MemoryCache();
    await bootWhole(deps(inPlace));
    const key = engineCacheKey('abc');
    const wrongItems = tinyDataset();
    const other = RatingsEngine.fitPredictorState(
      { ...wrongItems, itemIds: wrongItems.itemIds.slice(1), titles: wrongItems.titles.slice(1) },
      { seed: 1 },
    );
    for (const elsewhere of [
      () => Promise.reject(new Error('nested workers unsupported')),
      () => Promise.resolve(other),
    ]) {
      const cache = new MemoryCache();
      const phases: string[] = [];
      const booted = await bootEngine({ ...deps(cache), fitPredictorElsewhere: elsewhere }, (p) =>
        phases.push(p.phase),
      );
      expect(await booted.complete).toBeNull();
      const after = phases.slice(phases.indexOf('ready') + 1);
      expect(after.filter((phase, k) => phase !== after[k - 1])).toEqual(['predictor-here', 'save']);
      // The fit here reports as it goes: the page hears the worker is alive while it answers nothing else.
      expect(after.filter((phase) => phase === 'predictor-here').length).toBeGreaterThan(2);
      expect(booted.engine.predictorReady).toBe(true);
      expect(cache.map.get(key)).toEqual(inPlace.map.get(key));
    }
  });
});

describe('bootEngine with a model-mode snapshot', () => {
  it('loads the shipped models without fitting, caches them, and loads them back from the cache', async () => {
    const full = smallDataset();
    const parts = decodeSnapshotParts(encodeSnapshot(full, 'coded', null, smallModels(full)));
    const cache = new MemoryCache();
    const d: BootDeps = {
      loadDataset: async () => ({ ...parts, downloadMs: 1 }),
      snapshotHash: 'model',
      cache,
      seed: 1,
      fitPredictorElsewhere: () => Promise.reject(new Error('model mode has nothing to fit')),
    };
    const phases: InitProgress[] = [];
    const first = await bootWhole(d, (p) => phases.push(p));
    expect([first.engine.mode, first.fromCache, first.engine.predictorReady]).toEqual(['model', false, true]);
    expect(phases.map((p) => p.phase)).not.toContain('predictor-here');
    expect(cache.puts).toBe(1);
    const again = await bootWhole(d);
    expect([again.engine.mode, again.fromCache]).toEqual(['model', true]);
    const profile = { items: Int32Array.of(0, 5), values: Float32Array.of(5, 2) };
    expect(again.engine.recommend(profile, { limit: 5 })).toEqual(first.engine.recommend(profile, { limit: 5 }));
  });
});
