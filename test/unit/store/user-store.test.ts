import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PREFS, type Onboarding, type Prefs } from '../../../src/engine/user-data/settings.ts';
import { StoreError } from '../../../src/store/errors.ts';
import { MemoryStore } from '../../../src/store/memory-store.ts';
import { openMatineeDB } from '../../../src/store/schema.ts';
import type { UserData, UserStore } from '../../../src/store/user-store.ts';
import { freshIdbStore } from './helpers.ts';

/** Store values as an older version could have, bypassing the store's own checks. */
async function writeRawSettings(values: Record<string, unknown>): Promise<void> {
  const db = await openMatineeDB('matinee');
  for (const [k, v] of Object.entries(values)) await db.put('settings', v, k as 'onboarding');
  db.close();
}

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
  settings: {
    recommendationPrefs: {
      algorithm: 'ease',
      sort: 'predicted',
      diversity: 0.6,
      popularity: -0.25,
      genre: 'Drama',
      decade: 1990,
    },
    onboarding: { done: true, genres: ['Drama', 'Sci-Fi'] },
  },
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

  it('stores settings as structured values, each read as its default until saved', async () => {
    const s = await make(maker);
    expect(await s.readSettings()).toEqual({
      settings: {
        recommendationPrefs: { algorithm: 'blend', sort: 'top', diversity: 0.2, popularity: 0, genre: '', decade: 0 },
        onboarding: { done: false, genres: [] },
      },
      notices: [],
    });
    await s.setSetting('onboarding', { done: true, genres: ['Drama', 'Horror'] });
    expect((await s.readSettings()).settings.onboarding).toEqual({ done: true, genres: ['Drama', 'Horror'] });
  });

  it('refuses bad ids, values and settings that do not fit (uncloneable ones too) with a StoreError, writing nothing', async () => {
    const s = await make(maker);
    for (const bad of [0, -3, 1.5, NaN]) {
      await expect(s.setRating(bad, 3)).rejects.toMatchObject({ name: 'StoreError', kind: 'invalid' });
    }
    await expect(s.setRating(3, Infinity)).rejects.toBeInstanceOf(StoreError);
    await expect(s.addToList('hidden', -1)).rejects.toMatchObject({ kind: 'invalid' });
    const fn = { done: true, genres: [() => 1] } as unknown as Onboarding;
    await expect(s.setSetting('onboarding', fn)).rejects.toMatchObject({ kind: 'invalid' });
    const evil = { ...DEFAULT_PREFS, algorithm: 'evil' } as unknown as Prefs;
    await expect(s.setSetting('recommendationPrefs', evil)).rejects.toThrow(
      /recommendationPrefs\.algorithm: "evil" is not one of "blend"/,
    );
    expect(await s.getRatings()).toEqual([]);
    expect((await s.readSettings()).settings.onboarding).toEqual({ done: false, genres: [] });
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
        settings: { onboarding: { done: true, genres: [] } },
      },
      'merge',
    );
    expect(summary).toEqual({
      ratings: { added: 1, updated: 1, kept: 2, unchanged: 0 },
      watchlist: 1,
      hidden: 0,
      settings: ['onboarding'],
    });
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

  it('says which settings an import changed, and none when it changed none (issue 18, case 6)', async () => {
    const s = await make(maker);
    const only = (settings: UserData['settings']): UserData => ({ ratings: [], watchlist: [], hidden: [], settings });
    const prefs = sample.settings.recommendationPrefs!;
    expect((await s.importAll(only({ recommendationPrefs: prefs }), 'merge')).settings).toEqual([
      'recommendationPrefs',
    ]);
    expect((await s.importAll(only({ recommendationPrefs: prefs }), 'merge')).settings).toEqual([]);
    // Defaults written out are no change from defaults left unsaved.
    expect((await s.importAll(only({ onboarding: { done: false, genres: [] } }), 'merge')).settings).toEqual([]);
    expect((await s.readSettings()).settings.recommendationPrefs).toEqual(prefs);
    // Replacing with a file that lacks a setting puts it back to its default: a change.
    expect((await s.importAll(only({}), 'replace')).settings).toEqual(['recommendationPrefs']);
    expect((await s.readSettings()).settings.recommendationPrefs).toEqual(DEFAULT_PREFS);
  });

  it('replace mode drops local data that the file does not have', async () => {
    const s = await make(maker);
    await s.setRating(77, 2, 10);
    await s.setSetting('onboarding', { done: true, genres: ['Horror'] });
    await s.importAll(
      { ...sample, settings: { recommendationPrefs: sample.settings.recommendationPrefs! } },
      'replace',
    );
    expect((await s.getRatings()).map((r) => r.item)).toEqual([1, 318, 2571]);
    expect((await s.exportAll()).settings).toEqual({ recommendationPrefs: sample.settings.recommendationPrefs });
  });

  it('an import with one bad record writes nothing at all', async () => {
    const s = await make(maker);
    await s.setRating(1, 2, 10);
    const bad: UserData = { ...sample, ratings: [...sample.ratings, { item: -5, value: 3, time: 0 }] };
    await expect(s.importAll(bad, 'replace')).rejects.toMatchObject({ kind: 'invalid' });
    const uncloneable = { ...sample, settings: { onboarding: { done: true, genres: [() => 0] } } };
    await expect(s.importAll(uncloneable as unknown as UserData, 'merge')).rejects.toBeInstanceOf(StoreError);
    const unknown = { ...sample, settings: { theme: 'dark' } };
    await expect(s.importAll(unknown as unknown as UserData, 'merge')).rejects.toThrow(
      /settings\.theme: unknown field/,
    );
    expect(await s.exportAll()).toEqual({
      ratings: [{ item: 1, value: 2, time: 10 }],
      watchlist: [],
      hidden: [],
      settings: {},
    });
  });

  it('refuses a setting named "__proto__" or "constructor" without polluting any prototype', async () => {
    const s = await make(maker);
    const settings = JSON.parse('{"__proto__": {"polluted": true}, "constructor": 1}') as UserData['settings'];
    await expect(s.importAll({ ratings: [], watchlist: [], hidden: [], settings }, 'merge')).rejects.toThrow(
      /settings\.__proto__: unknown field.*settings\.constructor: unknown field/,
    );
    expect((await s.exportAll()).settings).toEqual({});
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('tells subscribers what changed, and stops after unsubscribe', async () => {
    const s = await make(maker);
    const seen: string[] = [];
    const off = s.subscribe((c) => seen.push(c.type));
    await s.setRating(1, 3);
    await s.addToList('hidden', 2);
    await s.setSetting('onboarding', { done: true, genres: [] });
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

describe('settings already stored', () => {
  it('reads a stored setting of the wrong type as its default, field by field, with a notice', async () => {
    const s = await make(freshIdbStore);
    // What an older version's import could store (this one's refuses it), written underneath the store.
    await writeRawSettings({
      onboarding: { done: false, genres: 7 },
      recommendationPrefs: { algorithm: 'evil', diversity: 0.5, popularity: 0, genre: 42, decade: 1990 },
    });
    const { settings, notices } = await s.readSettings();
    expect(settings).toEqual({
      onboarding: { done: false, genres: [] },
      recommendationPrefs: { algorithm: 'blend', sort: 'top', diversity: 0.5, popularity: 0, genre: '', decade: 1990 },
    });
    expect(notices).toHaveLength(2);
    expect(notices.join('\n')).toMatch(/recommendationPrefs\.algorithm: "evil" is not one of/);
    expect(notices.join('\n')).toMatch(/recommendationPrefs\.genre: expected a string, got 42/);
    expect(notices.join('\n')).toMatch(/onboarding\.genres: expected an array of strings, got 7/);
    // The export carries what the app uses, so it can be imported back.
    expect((await s.exportAll()).settings).toEqual(settings);
  });
});
