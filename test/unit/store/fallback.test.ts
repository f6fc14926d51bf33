import { afterEach, describe, expect, it, vi } from 'vitest';
import { StoreError, toStoreError } from '../../../src/store/errors.ts';
import { openUserStore } from '../../../src/store/open-store.ts';
import { MIGRATIONS, openMatineeDB } from '../../../src/store/schema.ts';
import { freshIdbStore, uniqueChannel } from './helpers.ts';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('when IndexedDB cannot be used', () => {
  it('a browser without IndexedDB gets a working memory store that says it is not persistent', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const store = await openUserStore({ storage: null });
    expect(store.persistent).toBe(false);
    expect(store.unavailableReason).toBeInstanceOf(StoreError);
    expect(store.unavailableReason!.kind).toBe('unavailable');
    await store.setRating(5, 4, 1);
    expect(await store.getRatings()).toEqual([{ item: 5, value: 4, time: 1 }]);
    expect(await store.storageStatus()).toEqual({ persistent: false, persisted: null, usage: null, quota: null });
  });

  it('open() throwing (a private mode) falls back to memory with the reason', async () => {
    vi.stubGlobal('indexedDB', {
      open: () => {
        throw new DOMException('The user denied permission to access the database.', 'SecurityError');
      },
    });
    const store = await openUserStore({ storage: null });
    expect(store.persistent).toBe(false);
    expect(store.unavailableReason).toMatchObject({ kind: 'unavailable' });
    expect(store.unavailableReason!.message).toMatch(/SecurityError/);
  });

  it('open() failing asynchronously (Firefox private mode: InvalidStateError) falls back to memory', async () => {
    vi.spyOn(indexedDB, 'open').mockImplementation(() => {
      // fake-indexeddb's own request and event classes, failing as Firefox's private mode fails.
      const request = new IDBOpenDBRequest();
      setTimeout(() => {
        const error = new DOMException('A mutation operation was attempted', 'InvalidStateError');
        Object.assign(request, { readyState: 'done', error });
        request.dispatchEvent(new IDBVersionChangeEvent('error'));
      }, 0);
      return request;
    });
    const store = await openUserStore({ storage: null });
    expect(store.persistent).toBe(false);
    expect(store.unavailableReason!.kind).toBe('unavailable');
  });

  it('a database written by a newer Matinee is reported as a version problem, not silently replaced', async () => {
    const newer = await openMatineeDB('matinee', [...MIGRATIONS, () => {}]);
    newer.close();
    const store = await openUserStore({ channel: uniqueChannel(), storage: null });
    expect(store.persistent).toBe(false);
    expect(store.unavailableReason!.kind).toBe('version');
  });
});

describe('storage errors are surfaced, never swallowed', () => {
  it('maps DOMException names to kinds, looking inside an AbortError', () => {
    expect(toStoreError(new DOMException('full', 'QuotaExceededError'), 'x').kind).toBe('quota');
    expect(toStoreError(new DOMException('v', 'VersionError'), 'x').kind).toBe('version');
    expect(toStoreError(new DOMException('c', 'DataCloneError'), 'x').kind).toBe('invalid');
    const abort = new DOMException('aborted', 'AbortError');
    Object.defineProperty(abort, 'cause', { value: new DOMException('full', 'QuotaExceededError') });
    expect(toStoreError(abort, 'x').kind).toBe('quota');
    expect(toStoreError(new Error('?'), 'save rating')).toMatchObject({ kind: 'unknown', action: 'save rating' });
  });

  it('a full disk during a write rejects with kind "quota" and writes nothing', async () => {
    const store = await freshIdbStore();
    await store.setRating(1, 2, 1);
    const realPut = IDBObjectStore.prototype.put;
    let calls = 0;
    // The second put of the import hits the quota, as a real browser does when the origin runs out of space.
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      if (++calls === 2) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return realPut.apply(this, args as [unknown, IDBValidKey?]);
    });
    const data = {
      ratings: [
        { item: 10, value: 1, time: 1 },
        { item: 11, value: 1, time: 1 },
        { item: 12, value: 1, time: 1 },
      ],
      watchlist: [],
      hidden: [],
      settings: {},
    };
    await expect(store.importAll(data, 'merge')).rejects.toMatchObject({ name: 'StoreError', kind: 'quota' });
    calls = 10;
    expect(await store.getRatings()).toEqual([{ item: 1, value: 2, time: 1 }]);
    calls = 1;
    await expect(store.setRating(3, 3)).rejects.toMatchObject({ kind: 'quota', action: 'save rating' });
    vi.restoreAllMocks();
    await store.setRating(3, 3, 5);
    expect((await store.getRatings()).map((r) => r.item)).toEqual([1, 3]);
    store.close();
  });
});

describe('storage status', () => {
  it('requests persistence at open and reports it with the usage estimate', async () => {
    let asked = 0;
    let granted = false;
    const storage = {
      persisted: async () => granted,
      persist: async () => {
        asked++;
        granted = true;
        return true;
      },
      estimate: async () => ({ usage: 1234, quota: 10_000_000 }),
    };
    const store = await openUserStore({ channel: uniqueChannel(), storage });
    await vi.waitFor(() => expect(asked).toBe(1));
    expect(await store.storageStatus()).toEqual({ persistent: true, persisted: true, usage: 1234, quota: 10_000_000 });
    store.close();
  });

  it('does not wait for the answer to persist(), which Firefox gives only after the user answers a prompt', async () => {
    let answer: (granted: boolean) => void = () => {};
    const storage = { persist: () => new Promise<boolean>((resolve) => (answer = resolve)) };
    const store = await openUserStore({ channel: uniqueChannel(), storage });
    await store.setRating(1, 3, 1);
    expect((await store.storageStatus()).persisted).toBeNull();
    answer(false);
    await vi.waitFor(async () => expect((await store.storageStatus()).persisted).toBe(false));
    store.close();
  });

  it('reports unknown when the browser has no storage manager or refuses', async () => {
    const none = await openUserStore({ channel: uniqueChannel(), storage: null });
    expect(await none.storageStatus()).toEqual({ persistent: true, persisted: null, usage: null, quota: null });
    expect(await none.requestPersistence()).toBeNull();
    none.close();
    const refusing = {
      persist: async () => false,
      estimate: async () => {
        throw new Error('no');
      },
    };
    const store = await openUserStore({ channel: uniqueChannel(), storage: refusing });
    expect(await store.storageStatus()).toEqual({ persistent: true, persisted: false, usage: null, quota: null });
    store.close();
  });
});
