import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openUserStore } from '../../../src/store/open-store.ts';
import { MIGRATIONS } from '../../../src/store/schema.ts';
import type { ChangeMessage, UserStore } from '../../../src/store/user-store.ts';
import { uniqueChannel } from './helpers.ts';

/** Resolves with the next change message the store hears. */
function nextChange(store: UserStore): Promise<ChangeMessage> {
  return new Promise((resolve) => {
    const off = store.subscribe((c) => {
      off();
      resolve(c);
    });
  });
}

describe('two tabs', () => {
  it('hear each other’s changes over the broadcast channel and then read the same data', async () => {
    // Two tabs: two connections to one database, two BroadcastChannels with one name.
    const factory = new IDBFactory();
    const channel = uniqueChannel();
    const a = await openUserStore({ factory, channel, storage: null });
    const b = await openUserStore({ factory, channel, storage: null });
    try {
      let heard = nextChange(b);
      await a.setRating(2571, 4.5, 10);
      expect(await heard).toEqual({ type: 'ratings' });
      expect(await b.getRatings()).toEqual([{ item: 2571, value: 4.5, time: 10 }]);

      heard = nextChange(a);
      await b.addToList('watchlist', 1, 20);
      expect(await heard).toEqual({ type: 'watchlist' });
      expect(await a.getList('watchlist')).toEqual(await b.getList('watchlist'));

      heard = nextChange(b);
      await a.setSetting('theme', 'dark');
      expect(await heard).toEqual({ type: 'settings' });
      expect(await b.getSetting('theme')).toBe('dark');
    } finally {
      a.close();
      b.close();
    }
  });

  it('ignore messages they do not understand', async () => {
    const channel = uniqueChannel();
    const a = await openUserStore({ factory: new IDBFactory(), channel, storage: null });
    const seen: string[] = [];
    a.subscribe((c) => seen.push(c.type));
    const other = new BroadcastChannel(channel);
    other.postMessage({ type: 'something-new' });
    other.postMessage('garbage');
    other.postMessage({ type: 'hidden' });
    await new Promise((r) => setTimeout(r, 50));
    other.close();
    a.close();
    expect(seen).toEqual(['hidden']);
  });

  it('an old tab steps aside when a newer version upgrades the database, and says so', async () => {
    const factory = new IDBFactory();
    const old = await openUserStore({ factory, channel: uniqueChannel(), storage: null });
    await old.setRating(1, 3, 1);
    const newer = [...MIGRATIONS, () => {}];
    const upgraded = await openUserStore({ factory, channel: uniqueChannel(), storage: null, migrations: newer });
    expect(upgraded.persistent).toBe(true);
    expect(await upgraded.getRatings()).toEqual([{ item: 1, value: 3, time: 1 }]);
    await expect(old.getRatings()).rejects.toMatchObject({ name: 'StoreError', kind: 'unavailable' });
    old.close();
    upgraded.close();
  });
});
