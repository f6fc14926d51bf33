import { describe, expect, it } from 'vitest';
import { openUserStore } from '../../../src/store/open-store.ts';
import { DB_VERSION, MIGRATIONS, openMatineeDB } from '../../../src/store/schema.ts';
import { uniqueChannel } from './helpers.ts';

/** Ratings an older Matinee could have written: awkward values on purpose (half steps, time 0, large ids). */
const RATINGS = [
  { item: 1, value: 0.5, time: 0 },
  { item: 2571, value: 5, time: 1_234_567_890_123 },
  { item: 193609, value: 3.5, time: 1_700_000_000_000 },
];
const ONBOARDING = { done: true, genres: ['Drama', 'Sci-Fi'] };

describe('migrations', () => {
  it('the database version is the number of migrations', () => {
    expect(DB_VERSION).toBe(MIGRATIONS.length);
    expect(DB_VERSION).toBeGreaterThanOrEqual(3);
  });

  // A database as each older version left it, opened by the current code: every rating (and every list entry and
  // setting that version had) must survive the upgrade.
  for (let version = 1; version < MIGRATIONS.length; version++) {
    it(`upgrades a version ${version} database to ${DB_VERSION} keeping all its data`, async () => {
      const old = await openMatineeDB('matinee', MIGRATIONS.slice(0, version));
      expect(old.version).toBe(version);
      const stores = [...old.objectStoreNames];
      expect(stores).not.toContain('modelCache');
      const tx = old.transaction(stores, 'readwrite');
      for (const r of RATINGS) await tx.objectStore('ratings').put(r);
      await tx.objectStore('settings').put(ONBOARDING, 'onboarding');
      if (stores.includes('watchlist')) await tx.objectStore('watchlist').put({ item: 296, added: 5 });
      await tx.done;
      old.close();

      const store = await openUserStore({ channel: uniqueChannel(), storage: null });
      expect(store.persistent).toBe(true);
      expect(await store.getRatings()).toEqual(RATINGS);
      expect((await store.readSettings()).settings.onboarding).toEqual(ONBOARDING);
      expect(await store.getList('watchlist')).toEqual(stores.includes('watchlist') ? [{ item: 296, added: 5 }] : []);
      // The stores added by later migrations work.
      await store.addToList('hidden', 7, 1);
      await store.putModelCache('snap:1', { v: new Float32Array([1]) });
      expect(await store.getList('hidden')).toEqual([{ item: 7, added: 1 }]);
      expect(await store.modelCacheKeys()).toEqual(['snap:1']);
      store.close();
    });
  }

  it('opening an up-to-date database again changes nothing', async () => {
    const a = await openUserStore({ channel: uniqueChannel(), storage: null });
    for (const r of RATINGS) await a.setRating(r.item, r.value, r.time);
    a.close();
    const b = await openUserStore({ channel: uniqueChannel(), storage: null });
    expect(await b.getRatings()).toEqual(RATINGS);
    b.close();
  });

  it('a failing migration leaves the older database and its ratings untouched', async () => {
    const old = await openMatineeDB('matinee', MIGRATIONS.slice(0, 1));
    await old.put('ratings', RATINGS[0]!);
    old.close();
    const broken = [
      ...MIGRATIONS,
      () => {
        throw new Error('migration bug');
      },
    ];
    await expect(openMatineeDB('matinee', broken)).rejects.toThrow('migration bug');
    const again = await openMatineeDB('matinee', MIGRATIONS.slice(0, 1));
    expect(again.version).toBe(1);
    expect(await again.getAll('ratings')).toEqual([RATINGS[0]]);
    again.close();
  });
});
