import { afterEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/store/errors.ts';
import { MemoryStore } from '../../../src/store/memory-store.ts';
import type { UserData, UserStore } from '../../../src/store/user-store.ts';
import { freshIdbStore } from './helpers.ts';

const open: UserStore[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

const makers: [string, () => Promise<UserStore>][] = [
  ['IndexedDB store', () => freshIdbStore()],
  ['memory store', async () => new MemoryStore()],
];

async function make(f: () => Promise<UserStore>): Promise<UserStore> {
  const s = await f();
  open.push(s);
  return s;
}

const sample: UserData = {
  ratings: [
    { item: 1, value: 4, time: 1_600_000_000_123 },
    { item: 2571, value: 0.5, time: 1_600_000_001_000 },
    { item: 318, value: 5, time: 0 },
  ],
  watchlist: [{ item: 296, added: 1_700_000_000_000 }],
  hidden: [{ item: 47, added: 1_700_000_000_001 }],
  settings: { theme: 'dark', model: { name: 'ease', lambda: 250 }, list: [1, 2, 3] },
};

describe.each(makers)('%s', (_name, maker) => {
  it('keeps ratings by external item id, replaces a re-rating, removes one', async () => {
    const s = await make(maker);
    await s.setRating(2571, 4.5, 1000);
    await s.setRating(1, 3, 2000);
    await s.setRating(2571, 2, 3000);
    expect(await s.getRatings()).toEqual([
      { item: 1, value: 3, time: 2000 },
      { item: 2571, value: 2, time: 3000 },
    ]);
    await s.removeRating(1);
    expect(await s.getRatings()).toEqual([{ item: 2571, value: 2, time: 3000 }]);
  });

  it('stamps a rating with the current time when none is given', async () => {
    const s = await make(maker);
    const before = Date.now();
    await s.setRating(5, 3);
    const [r] = await s.getRatings();
    expect(r!.time).toBeGreaterThanOrEqual(before);
    expect(r!.time).toBeLessThanOrEqual(Date.now());
  });

  it('keeps watchlist and hidden apart, keeps the first added time, and removes', async () => {
    const s = await make(maker);
    await s.addToList('watchlist', 10, 100);
    await s.addToList('watchlist', 10, 999);
    await s.addToList('hidden', 11, 200);
    expect(await s.getList('watchlist')).toEqual([{ item: 10, added: 100 }]);
    expect(await s.getList('hidden')).toEqual([{ item: 11, added: 200 }]);
    await s.removeFromList('watchlist', 10);
    expect(await s.getList('watchlist')).toEqual([]);
    expect(await s.getList('hidden')).toHaveLength(1);
  });

  it('stores settings as structured values', async () => {
    const s = await make(maker);
    expect(await s.getSetting('missing')).toBeUndefined();
    await s.setSetting('weights', { a: [1, 2], b: null });
    expect(await s.getSetting('weights')).toEqual({ a: [1, 2], b: null });
  });

  it('refuses bad ids, values and uncloneable settings with a StoreError, writing nothing', async () => {
    const s = await make(maker);
    for (const bad of [0, -3, 1.5, NaN]) {
      await expect(s.setRating(bad, 3)).rejects.toMatchObject({ name: 'StoreError', kind: 'invalid' });
    }
    await expect(s.setRating(3, Infinity)).rejects.toBeInstanceOf(StoreError);
    await expect(s.addToList('hidden', -1)).rejects.toMatchObject({ kind: 'invalid' });
    await expect(s.setSetting('f', () => 1)).rejects.toMatchObject({ kind: 'invalid' });
    expect(await s.getRatings()).toEqual([]);
    expect(await s.getSetting('f')).toBeUndefined();
  });

  it('round-trips export → clear → import exactly', async () => {
    const s = await make(maker);
    await s.importAll(sample, 'replace');
    const exported = await s.exportAll();
    await s.clearAll();
    expect(await s.exportAll()).toEqual({ ratings: [], watchlist: [], hidden: [], settings: {} });
    await s.importAll(exported, 'merge');
    expect(await s.exportAll()).toEqual(exported);
    expect(exported.ratings).toEqual([...sample.ratings].sort((a, b) => a.item - b.item));
    expect(exported.settings).toEqual(sample.settings);
  });

  it('merges: the newer timestamp wins per item, a tie keeps the local rating', async () => {
    const s = await make(maker);
    await s.setRating(1, 1, 5000); // file is older → local kept
    await s.setRating(2, 1, 5000); // file is newer → replaced
    await s.setRating(3, 1, 5000); // same time → local kept
    await s.addToList('watchlist', 9, 1);
    const summary = await s.importAll(
      {
        ratings: [
          { item: 1, value: 5, time: 4000 },
          { item: 2, value: 5, time: 6000 },
          { item: 3, value: 5, time: 5000 },
          { item: 4, value: 5, time: 1 },
        ],
        watchlist: [
          { item: 9, added: 50 },
          { item: 8, added: 50 },
        ],
        hidden: [],
        settings: { a: 1 },
      },
      'merge',
    );
    expect(summary).toEqual({ ratings: { added: 1, updated: 1, kept: 2 }, watchlist: 1, hidden: 0 });
    expect((await s.getRatings()).map((r) => [r.item, r.value])).toEqual([
      [1, 1],
      [2, 5],
      [3, 1],
      [4, 5],
    ]);
    expect(await s.getList('watchlist')).toEqual([
      { item: 8, added: 50 },
      { item: 9, added: 1 },
    ]);
  });

  it('replace mode drops local data that the file does not have', async () => {
    const s = await make(maker);
    await s.setRating(77, 2, 10);
    await s.setSetting('old', true);
    await s.importAll(sample, 'replace');
    expect((await s.getRatings()).map((r) => r.item)).toEqual([1, 318, 2571]);
    expect(await s.getSetting('old')).toBeUndefined();
  });

  it('an import with one bad record writes nothing at all', async () => {
    const s = await make(maker);
    await s.setRating(1, 2, 10);
    const bad: UserData = { ...sample, ratings: [...sample.ratings, { item: -5, value: 3, time: 0 }] };
    await expect(s.importAll(bad, 'replace')).rejects.toMatchObject({ kind: 'invalid' });
    const uncloneable: UserData = { ...sample, settings: { fn: () => 0 } };
    await expect(s.importAll(uncloneable, 'merge')).rejects.toBeInstanceOf(StoreError);
    expect(await s.exportAll()).toEqual({
      ratings: [{ item: 1, value: 2, time: 10 }],
      watchlist: [],
      hidden: [],
      settings: {},
    });
  });

  it('exports a setting with any name, "__proto__" included, as an own property', async () => {
    const s = await make(maker);
    const settings = JSON.parse('{"__proto__": {"polluted": true}, "constructor": 1}') as Record<string, unknown>;
    await s.importAll({ ratings: [], watchlist: [], hidden: [], settings }, 'merge');
    const out = (await s.exportAll()).settings;
    expect(Object.keys(out).sort()).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('tells subscribers what changed, and stops after unsubscribe', async () => {
    const s = await make(maker);
    const seen: string[] = [];
    const off = s.subscribe((c) => seen.push(c.type));
    await s.setRating(1, 3);
    await s.addToList('hidden', 2);
    await s.setSetting('x', 1);
    off();
    await s.removeRating(1);
    expect(seen).toEqual(['ratings', 'hidden', 'settings']);
  });

  it('clearAll empties the model cache too', async () => {
    const s = await make(maker);
    await s.putModelCache('snap:1', { w: new Float32Array([1, 2]) });
    await s.clearAll();
    expect(await s.modelCacheKeys()).toEqual([]);
  });
});
