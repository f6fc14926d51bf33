import { beforeAll, describe, expect, it } from 'vitest';
import { tinyDataset } from './tiny-dataset.ts';
import type { Dataset } from '../../../src/engine/dataset.ts';
import { ENGINE_VERSION } from '../../../src/engine/engine.ts';
import {
  bootEngine,
  engineCacheKey,
  type BootDeps,
  type CachedEngine,
  type EngineCache,
} from '../../../src/worker/boot.ts';
import type { InitProgress } from '../../../src/worker/types.ts';

let dataset: Dataset;
beforeAll(() => {
  dataset = tinyDataset();
});

class MemoryCache implements EngineCache {
  map = new Map<string, unknown>();
  puts = 0;
  async get(key: string) {
    return this.map.get(key);
  }
  async put(key: string, entry: CachedEngine) {
    this.puts++;
    this.map.set(key, structuredClone(entry));
  }
  async delete(key: string) {
    this.map.delete(key);
  }
}

function deps(cache: EngineCache | null, hash = 'abc'): BootDeps {
  return { loadDataset: async () => ({ dataset, downloadMs: 1 }), snapshotHash: hash, cache, seed: 1 };
}

describe('bootEngine', () => {
  it('fits and caches on the first visit, then loads without fitting on the next', async () => {
    const cache = new MemoryCache();
    const phases1: InitProgress[] = [];
    const first = await bootEngine(deps(cache), (p) => phases1.push(p));
    expect(first.fromCache).toBe(false);
    expect(cache.puts).toBe(1);
    expect(cache.map.has(engineCacheKey('abc'))).toBe(true);
    expect(phases1.map((p) => p.phase)).toContain('fit');
    expect(phases1.at(-1)).toEqual({ phase: 'ready', fraction: 1 });

    const phases2: InitProgress[] = [];
    const second = await bootEngine(deps(cache), (p) => phases2.push(p));
    expect(second.fromCache).toBe(true);
    expect(cache.puts).toBe(1);
    expect(phases2.map((p) => p.phase)).not.toContain('fit');
    const profile = { items: Int32Array.of(0, 5), values: Float32Array.of(4, 2) };
    expect(second.engine.recommend(profile, { limit: 10 })).toEqual(first.engine.recommend(profile, { limit: 10 }));
  });

  it('a repeat visit takes the dataset from the cache too: no download, no decode', async () => {
    const cache = new MemoryCache();
    await bootEngine(deps(cache), () => {});
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

  it('an older entry without the dataset still loads, downloads the dataset once and is rewritten whole', async () => {
    const cache = new MemoryCache();
    await bootEngine(deps(cache), () => {});
    const key = engineCacheKey('abc');
    cache.map.set(key, (cache.map.get(key) as CachedEngine).engine);
    let loads = 0;
    const upgraded = await bootEngine(
      { ...deps(cache), loadDataset: async () => (loads++, { dataset, downloadMs: 1 }) },
      () => {},
    );
    expect(upgraded.fromCache).toBe(true);
    expect(loads).toBe(1);
    await new Promise((r) => setTimeout(r, 0));
    expect((cache.map.get(key) as CachedEngine).dataset).toEqual(dataset);
  });

  it('rebuilds over a cached dataset of the wrong shape', async () => {
    const cache = new MemoryCache();
    await bootEngine(deps(cache), () => {});
    const key = engineCacheKey('abc');
    const entry = cache.map.get(key) as CachedEngine;
    cache.map.set(key, { ...entry, dataset: { ...entry.dataset, ratingValues: entry.dataset.ratingValues.slice(1) } });
    const rebuilt = await bootEngine(deps(cache), () => {});
    expect(rebuilt.fromCache).toBe(false);
    expect(rebuilt.cacheProblem).toMatch(/dataset/);
    expect((await bootEngine(deps(cache), () => {})).fromCache).toBe(true);
  });

  it('rebuilds when reading the cache fails, and says why', async () => {
    const cache = new MemoryCache();
    cache.get = async () => {
      throw new Error('read failed');
    };
    const booted = await bootEngine(deps(cache), () => {});
    expect(booted.fromCache).toBe(false);
    expect(booted.cacheProblem).toMatch(/read failed/);
    expect(cache.puts).toBe(1);
  });

  it('does not use an engine cached for another snapshot', async () => {
    const cache = new MemoryCache();
    await bootEngine(deps(cache, 'one'), () => {});
    const other = await bootEngine(deps(cache, 'two'), () => {});
    expect(other.fromCache).toBe(false);
    expect(cache.puts).toBe(2);
  });

  it('rebuilds over a corrupted cache entry, says why, and caches the rebuilt engine', async () => {
    const cache = new MemoryCache();
    await bootEngine(deps(cache), () => {});
    const truncated = { version: ENGINE_VERSION, models: {} };
    const withDataset = (engine: unknown) => ({ engine, dataset: structuredClone(dataset) });
    for (const garbage of [
      'garbage',
      { version: -1, models: {} },
      truncated,
      withDataset(truncated),
      withDataset({ version: -1, models: {} }),
    ]) {
      cache.map.set(engineCacheKey('abc'), garbage);
      const puts = cache.puts;
      const rebuilt = await bootEngine(deps(cache), () => {});
      expect(rebuilt.fromCache).toBe(false);
      expect(rebuilt.cacheProblem).toMatch(/rebuilt/);
      expect(cache.puts).toBe(puts + 1);
      expect((await bootEngine(deps(cache), () => {})).fromCache).toBe(true);
    }
  });

  it('works with no storage at all, and when saving fails', async () => {
    const none = await bootEngine(deps(null), () => {});
    expect(none.fromCache).toBe(false);
    const full = new MemoryCache();
    full.put = async () => {
      throw new Error('QuotaExceededError');
    };
    const booted = await bootEngine(deps(full), () => {});
    expect(booted.cacheProblem).toMatch(/QuotaExceededError/);
  });
});
