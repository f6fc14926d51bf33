/**
 * UserStore on IndexedDB (through idb). Every read and write runs in a transaction; multi-store operations
 * (import, clear) use ONE transaction over all stores, so they happen completely or not at all.
 */
import type { IDBPDatabase, IDBPTransaction } from 'idb';
import {
  mergeList,
  mergeRatings,
  type ListEntry,
  type RatingRecord,
  type UserData,
} from '../engine/import/user-data.ts';
import type { ChangeFeed } from './change-feed.ts';
import { checksum } from './checksum.ts';
import { StoreError, toStoreError } from './errors.ts';
import type { MatineeDB, MatineeStoreName, ModelCacheEntry } from './schema.ts';
import { currentPersistence, estimateStorage, requestPersistence, type StorageApi } from './storage-status.ts';
import type { ChangeMessage, ImportMode, ImportSummary, ListName, StorageStatus, UserStore } from './user-store.ts';
import { checkItem, checkTime, checkUserData, checkValue, stateChecksum } from './validate.ts';

const USER_STORES: MatineeStoreName[] = ['ratings', 'watchlist', 'hidden', 'settings'];

type Tx<Mode extends IDBTransactionMode> = IDBPTransaction<MatineeDB, MatineeStoreName[], Mode>;

export class IdbStore implements UserStore {
  readonly persistent = true;
  readonly unavailableReason = null;
  /** Last answer of navigator.storage.persist(); null until it comes, or when unknown. */
  private persisted: boolean | null = null;
  /** Set when the connection was closed under us; every later call rejects with it. */
  private closedReason: StoreError | null = null;

  constructor(
    private readonly db: IDBPDatabase<MatineeDB>,
    private readonly feed: ChangeFeed,
    private readonly storage: StorageApi | null,
  ) {
    // Asked at open but not awaited: Firefox answers persist() only when the user answers its prompt, and the app
    // must not wait for that to start.
    void this.requestPersistence();
    // Another tab opened a newer schema: step aside so its upgrade is not blocked, and say why from now on.
    db.addEventListener('versionchange', () => {
      db.close();
      this.closedReason = new StoreError(
        'unavailable',
        'database',
        'Matinee was updated in another tab; reload this page to keep saving',
      );
    });
    // The browser closed the connection (storage cleared by the user, disk error).
    db.addEventListener('close', () => {
      this.closedReason ??= new StoreError(
        'unavailable',
        'database',
        'the browser closed the database; reload the page',
      );
    });
  }

  /** Run body in one transaction; any failure aborts it (nothing written) and rejects with a StoreError. */
  private async run<T, Mode extends IDBTransactionMode>(
    action: string,
    stores: MatineeStoreName[],
    mode: Mode,
    body: (tx: Tx<Mode>) => Promise<T>,
  ): Promise<T> {
    if (this.closedReason) throw this.closedReason;
    let tx: Tx<Mode>;
    try {
      tx = this.db.transaction(stores, mode);
    } catch (e) {
      throw toStoreError(e, action);
    }
    tx.done.catch(() => {}); // awaited below; this only keeps an early abort from being reported as unhandled
    try {
      const result = await body(tx);
      await tx.done;
      return result;
    } catch (e) {
      try {
        tx.abort();
      } catch {
        // Already aborted or finished: the error below says why.
      }
      throw toStoreError(e, action);
    }
  }

  getRatings(): Promise<RatingRecord[]> {
    return this.run('read ratings', ['ratings'], 'readonly', (tx) => tx.objectStore('ratings').getAll());
  }

  async setRating(item: number, value: number, time: number = Date.now()): Promise<void> {
    const action = 'save rating';
    checkItem(item, action);
    checkValue(value, action);
    checkTime(time, action);
    await this.run(action, ['ratings'], 'readwrite', (tx) => tx.objectStore('ratings').put({ item, value, time }));
    this.feed.announce('ratings');
  }

  async removeRating(item: number): Promise<void> {
    await this.run('remove rating', ['ratings'], 'readwrite', (tx) => tx.objectStore('ratings').delete(item));
    this.feed.announce('ratings');
  }

  getList(list: ListName): Promise<ListEntry[]> {
    return this.run(`read ${list}`, [list], 'readonly', (tx) => tx.objectStore(list).getAll());
  }

  async addToList(list: ListName, item: number, added: number = Date.now()): Promise<void> {
    const action = `add to ${list}`;
    checkItem(item, action);
    checkTime(added, action);
    await this.run(action, [list], 'readwrite', async (tx) => {
      const store = tx.objectStore(list);
      if ((await store.getKey(item)) === undefined) await store.put({ item, added });
    });
    this.feed.announce(list);
  }

  async removeFromList(list: ListName, item: number): Promise<void> {
    await this.run(`remove from ${list}`, [list], 'readwrite', (tx) => tx.objectStore(list).delete(item));
    this.feed.announce(list);
  }

  getSetting<T = unknown>(key: string): Promise<T | undefined> {
    return this.run(`read setting "${key}"`, ['settings'], 'readonly', async (tx) => {
      return (await tx.objectStore('settings').get(key)) as T | undefined;
    });
  }

  async setSetting(key: string, value: unknown): Promise<void> {
    await this.run(`save setting "${key}"`, ['settings'], 'readwrite', (tx) =>
      tx.objectStore('settings').put(value, key),
    );
    this.feed.announce('settings');
  }

  async getModelCache(key: string): Promise<ModelCacheEntry | null> {
    const entry = await this.run('read model cache', ['modelCache'], 'readonly', (tx) =>
      tx.objectStore('modelCache').get(key),
    );
    if (entry === undefined) return null;
    if (!intact(entry)) {
      // Damaged: drop it so the worker rebuilds the model and stores a good copy.
      await this.deleteModelCache(key);
      return null;
    }
    return entry;
  }

  async putModelCache(key: string, state: unknown): Promise<ModelCacheEntry> {
    const action = 'save model cache';
    const entry: ModelCacheEntry = { key, createdAt: Date.now(), checksum: stateChecksum(state, action), state };
    await this.run(action, ['modelCache'], 'readwrite', (tx) => tx.objectStore('modelCache').put(entry));
    return entry;
  }

  async deleteModelCache(key?: string): Promise<void> {
    await this.run('delete model cache', ['modelCache'], 'readwrite', (tx) =>
      key === undefined ? tx.objectStore('modelCache').clear() : tx.objectStore('modelCache').delete(key),
    );
  }

  modelCacheKeys(): Promise<string[]> {
    return this.run('read model cache', ['modelCache'], 'readonly', (tx) => tx.objectStore('modelCache').getAllKeys());
  }

  async clearAll(): Promise<void> {
    await this.run('clear all data', [...USER_STORES, 'modelCache'], 'readwrite', async (tx) => {
      await Promise.all([...USER_STORES, 'modelCache' as const].map((name) => tx.objectStore(name).clear()));
    });
    this.feed.announce('ratings', 'watchlist', 'hidden', 'settings');
  }

  exportAll(): Promise<UserData> {
    return this.run('export', USER_STORES, 'readonly', async (tx) => {
      const settingsStore = tx.objectStore('settings');
      const [ratings, watchlist, hidden, keys, values] = await Promise.all([
        tx.objectStore('ratings').getAll(),
        tx.objectStore('watchlist').getAll(),
        tx.objectStore('hidden').getAll(),
        settingsStore.getAllKeys(),
        settingsStore.getAll(),
      ]);
      // fromEntries, not assignment: a setting named "__proto__" must stay an own property.
      const settings = Object.fromEntries(keys.map((k, i) => [k, values[i]]));
      return { ratings, watchlist, hidden, settings };
    });
  }

  async importAll(data: UserData, mode: ImportMode): Promise<ImportSummary> {
    const action = 'import';
    checkUserData(data, action);
    const summary = await this.run(action, USER_STORES, 'readwrite', async (tx) => {
      const ratings = tx.objectStore('ratings');
      const watchlist = tx.objectStore('watchlist');
      const hidden = tx.objectStore('hidden');
      const settings = tx.objectStore('settings');
      if (mode === 'replace') await Promise.all([ratings.clear(), watchlist.clear(), hidden.clear(), settings.clear()]);
      const [localRatings, localWatch, localHidden] =
        mode === 'replace' ? [[], [], []] : await Promise.all([ratings.getAll(), watchlist.getAll(), hidden.getAll()]);
      const merged = mergeRatings(localRatings, data.ratings);
      // A put can throw synchronously (uncloneable value) after earlier puts were queued; the abort then rejects
      // those, so each gets a handler now and the first failure is reported once, through Promise.all.
      const writes: Promise<unknown>[] = [];
      const write = (p: Promise<unknown>) => {
        p.catch(() => {});
        writes.push(p);
      };
      for (const r of merged.write) write(ratings.put({ item: r.item, value: r.value, time: r.time }));
      const newWatch = mergeList(localWatch, data.watchlist);
      const newHidden = mergeList(localHidden, data.hidden);
      for (const e of newWatch) write(watchlist.put({ item: e.item, added: e.added }));
      for (const e of newHidden) write(hidden.put({ item: e.item, added: e.added }));
      for (const [k, v] of Object.entries(data.settings)) write(settings.put(v, k));
      await Promise.all(writes);
      return { ratings: merged.summary, watchlist: newWatch.length, hidden: newHidden.length };
    });
    this.feed.announce('ratings', 'watchlist', 'hidden', 'settings');
    return summary;
  }

  subscribe(callback: (change: ChangeMessage) => void): () => void {
    return this.feed.subscribe(callback);
  }

  async storageStatus(): Promise<StorageStatus> {
    const persisted = (await currentPersistence(this.storage)) ?? this.persisted;
    return { persistent: true, persisted, ...(await estimateStorage(this.storage)) };
  }

  async requestPersistence(): Promise<boolean | null> {
    this.persisted = await requestPersistence(this.storage);
    return this.persisted;
  }

  close(): void {
    this.closedReason ??= new StoreError('unavailable', 'database', 'the store was closed');
    this.db.close();
    this.feed.close();
  }
}

/** True when the entry's checksum matches its state (a state that cannot even be hashed is damaged). */
function intact(entry: ModelCacheEntry): boolean {
  if (typeof entry.checksum !== 'number') return false;
  try {
    return checksum(entry.state) === entry.checksum;
  } catch {
    return false;
  }
}
