import { beforeAll, describe, expect, it } from 'vitest';
import { tinyDataset } from './tiny-dataset.ts';
import type { Dataset } from '../../../src/engine/dataset.ts';
import { ENGINE_VERSION, type EngineState } from '../../../src/engine/engine.ts';
import { bootEngine, engineCacheKey, type BootDeps, type EngineCache } from '../../../src/worker/boot.ts';
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
  async put(key: string, state: EngineState) {
    this.puts++;
    this.map.set(key, structuredClone(state));
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

  it('reads the cached engine while the dataset is still loading, not after', async () => {
    const cache = new MemoryCache();
    await bootEngine(deps(cache), () => {});
    const events: string[] = [];
    const get = cache.get.bind(cache);
    cache.get = async (key) => (events.push('cache read'), get(key));
    const booted = await bootEngine(
      {
        ...deps(cache),
        loadDataset: async () => {
          events.push('dataset load started');
          await new Promise((r) => setTimeout(r, 20));
          events.push('dataset loaded');
          return { dataset, downloadMs: 20 };
        },
      },
      () => {},
    );
    expect(booted.fromCache).toBe(true);
    expect(events.indexOf('cache read')).toBeLessThan(events.indexOf('dataset loaded'));
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
    for (const garbage of ['garbage', { version: -1, models: {} }, truncated]) {
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
