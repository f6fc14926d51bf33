import { forceCloseDatabase } from 'fake-indexeddb';
import { openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openUserStore } from '../../../src/store/open-store.ts';
import { DB_VERSION, MIGRATIONS } from '../../../src/store/schema.ts';
import type { ChangeMessage, UserStore } from '../../../src/store/user-store.ts';
import { uniqueChannel } from './helpers.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

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
    const channel = uniqueChannel();
    const a = await openUserStore({ channel, storage: null });
    const b = await openUserStore({ channel, storage: null });
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
      await a.setSetting('onboarding', { done: true, genres: ['Drama'] });
      expect(await heard).toEqual({ type: 'settings' });
      expect((await b.readSettings()).settings.onboarding).toEqual({ done: true, genres: ['Drama'] });
    } finally {
      a.close();
      b.close();
    }
  });

  it('ignore messages they do not understand', async () => {
    const channel = uniqueChannel();
    const a = await openUserStore({ channel, storage: null });
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
    const old = await openUserStore({ channel: uniqueChannel(), storage: null });
    const notices: string[] = [];
    old.onNotice((m) => notices.push(m));
    await old.setRating(1, 3, 1);
    const newer = [...MIGRATIONS, () => {}];
    const upgraded = await openUserStore({ channel: uniqueChannel(), storage: null, migrations: newer });
    expect(upgraded.persistent).toBe(true);
    expect(await upgraded.getRatings()).toEqual([{ item: 1, value: 3, time: 1 }]);
    expect(notices).toEqual([expect.stringMatching(/updated in another tab; reload/)]);
    await expect(old.getRatings()).rejects.toMatchObject({ name: 'StoreError', kind: 'unavailable' });
    await expect(old.setRating(2, 3)).rejects.toThrow(/updated in another tab/);
    old.close();
    upgraded.close();
  });

  it('a tab on an older version that never lets go: the app starts on memory and says why', async () => {
    // An older connection without a versionchange handler, as a frozen tab would hold it.
    const stuck = await openDB('matinee', DB_VERSION);
    const newer = [...MIGRATIONS, () => {}];
    const store = await openUserStore({
      channel: uniqueChannel(),
      storage: null,
      migrations: newer,
      blockedWaitMs: 20,
    });
    expect(store.persistent).toBe(false);
    expect(store.unavailableReason).toMatchObject({ kind: 'unavailable' });
    expect(store.unavailableReason!.message).toMatch(/another tab still has an older Matinee open/);
    // When the old tab finally closes, the upgrade that was waiting completes, and its connection is let go at
    // once: a later open is not blocked by it.
    stuck.close();
    const later = await openUserStore({ channel: uniqueChannel(), storage: null, migrations: [...newer, () => {}] });
    expect(later.persistent).toBe(true);
    later.close();
  });
});

describe('a connection the browser closes (site data cleared, disk error)', () => {
  /** The raw connections the next opens make, to close one as the browser would. */
  function captureConnections(): IDBOpenDBRequest[] {
    const requests: IDBOpenDBRequest[] = [];
    const open = indexedDB.open.bind(indexedDB);
    vi.spyOn(indexedDB, 'open').mockImplementation((name, version) => {
      const request = open(name, version);
      requests.push(request);
      return request;
    });
    return requests;
  }

  it('is opened again: calls go on, the app is told and re-reads everything', async () => {
    const requests = captureConnections();
    const store = await openUserStore({ channel: uniqueChannel(), storage: null });
    await store.setRating(1, 4, 1);
    const notices: string[] = [];
    const changes: string[] = [];
    store.onNotice((m) => notices.push(m));
    store.subscribe((c) => changes.push(c.type));
    forceCloseDatabase(requests[0]!.result as never); // its types take the class, not a connection
    expect(await store.getRatings()).toEqual([{ item: 1, value: 4, time: 1 }]);
    await store.setRating(2, 3, 2);
    expect((await store.getRatings()).map((r) => r.item)).toEqual([1, 2]);
    expect(requests).toHaveLength(2);
    expect(notices).toEqual([expect.stringMatching(/closed the database; it was opened again/)]);
    expect(changes).toEqual(expect.arrayContaining(['ratings', 'watchlist', 'hidden', 'settings']));
    store.close();
  });

  it('that cannot be opened again stops the store with a reason, and says so', async () => {
    const requests = captureConnections();
    const store = await openUserStore({ channel: uniqueChannel(), storage: null });
    const notices: string[] = [];
    store.onNotice((m) => notices.push(m));
    vi.spyOn(indexedDB, 'open').mockImplementation(() => {
      throw new DOMException('Storage is gone', 'UnknownError');
    });
    forceCloseDatabase(requests[0]!.result as never); // its types take the class, not a connection
    await expect(store.getRatings()).rejects.toMatchObject({ kind: 'unavailable' });
    await expect(store.setRating(1, 3)).rejects.toThrow(/could not be opened again.*reload the page/);
    expect(notices).toEqual([expect.stringMatching(/could not be opened again/)]);
    store.close();
  });
});
