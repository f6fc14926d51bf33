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
} from '../engine/user-data/user-data.ts';
import { readSettings, type SettingKey, type Settings, type SettingsRead } from '../engine/user-data/settings.ts';
import type { ChangeFeed } from './change-feed.ts';
import { checksum } from './checksum.ts';
import { StoreError, toStoreError } from './errors.ts';
import {
  openMatineeDB,
  type MatineeDB,
  type MatineeStoreName,
  type Migration,
  type ModelCacheEntry,
} from './schema.ts';
import { currentPersistence, estimateStorage, requestPersistence, type StorageApi } from './storage-status.ts';
import {
  CHANGE_KINDS,
  type ChangeMessage,
  type ImportMode,
  type ImportSummary,
  type ListName,
  type StorageStatus,
  type UserStore,
} from './user-store.ts';
import {
  checkItem,
  checkSetting,
  checkTime,
  checkUserData,
  checkValue,
  exportedSettings,
  knownSettings,
  stateChecksum,
  settingsChangedBy,
} from './validate.ts';

const USER_STORES: MatineeStoreName[] = ['ratings', 'watchlist', 'hidden', 'settings'];

type Tx<Mode extends IDBTransactionMode> = IDBPTransaction<MatineeDB, MatineeStoreName[], Mode>;

export interface IdbStoreOptions {
  name: string;
  migrations: readonly Migration[];
  feed: ChangeFeed;
  storage: StorageApi | null;
  /** Tabs still on an older version keep the database from upgrading: wait this long, then give up. */
  blockedWaitMs: number;
}

export class IdbStore implements UserStore {
  readonly persistent = true;
  readonly unavailableReason = null;
  /** Last answer of navigator.storage.persist(); null until it comes, or when unknown. */
  private persisted: boolean | null = null;
  private db: IDBPDatabase<MatineeDB> | null = null;
  /** While the connection the browser closed is opened again; calls wait for it. */
  private reopening: Promise<void> | null = null;
  /** Set when the connection is gone for good; every later call rejects with it. */
  private closedReason: StoreError | null = null;
  private readonly noticeListeners = new Set<(message: string) => void>();

  private readonly feed: ChangeFeed;
  private readonly storage: StorageApi | null;

  private constructor(private readonly options: IdbStoreOptions) {
    this.feed = options.feed;
    this.storage = options.storage;
  }

  /** Opens the database (rejecting with the raw error when it cannot), then asks for persistent storage. */
  static async open(options: IdbStoreOptions): Promise<IdbStore> {
    const store = new IdbStore(options);
    store.db = await untilUnblocked(options.blockedWaitMs, (blocked) => store.connect(blocked));
    // Asked at open but not awaited: Firefox answers persist() only when the user answers its prompt, and the app
    // must not wait for that to start.
    void store.requestPersistence();
    return store;
  }

  private connect(blocked?: () => void): Promise<IDBPDatabase<MatineeDB>> {
    return openMatineeDB(this.options.name, this.options.migrations, {
      blocking: () => this.stop('Matinee was updated in another tab; reload this page to keep saving'),
      terminated: () => this.reopen(),
      blocked,
    });
  }

  /** Close for good (another tab's upgrade must not wait for this one) and tell the user why, once. */
  private stop(message: string): void {
    this.db?.close();
    this.db = null;
    if (this.closedReason) return;
    this.closedReason = new StoreError('unavailable', 'database', message);
    this.tell(message);
  }

  /**
   * The browser closed the connection (site data cleared, a disk error): open it again, and have everything re-read
   * from it, since it may have lost what it held. When it cannot be opened, stop and say so.
   */
  private reopen(): void {
    this.db = null;
    this.reopening = this.connect()
      .then(
        (db) => {
          this.db = db;
          this.tell('The browser closed the database; it was opened again and your data re-read from it');
          this.feed.announce(...CHANGE_KINDS);
        },
        (e: unknown) =>
          this.stop(
            `The browser closed the database and it could not be opened again (${toStoreError(e, 'reopen').message}); reload the page`,
          ),
      )
      .finally(() => (this.reopening = null));
  }

  private tell(message: string): void {
    for (const listener of [...this.noticeListeners]) listener(message);
  }

  onNotice(callback: (message: string) => void): () => void {
    this.noticeListeners.add(callback);
    return () => this.noticeListeners.delete(callback);
  }

  /** Run body in one transaction; any failure aborts it (nothing written) and rejects with a StoreError. */
  private async run<T, Mode extends IDBTransactionMode>(
    action: string,
    stores: MatineeStoreName[],
    mode: Mode,
    body: (tx: Tx<Mode>) => Promise<T>,
  ): Promise<T> {
    if (this.reopening) await this.reopening;
    if (this.closedReason) throw this.closedReason;
    let tx: Tx<Mode>;
    try {
      tx = this.db!.transaction(stores, mode);
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

  async readSettings(): Promise<SettingsRead> {
    return readSettings(await this.run('read settings', ['settings'], 'readonly', storedSettings));
  }

  async setSetting<K extends SettingKey>(key: K, value: Settings[K]): Promise<void> {
    const action = `save setting "${key}"`;
    const copy = checkSetting(key, value, action);
    await this.run(action, ['settings'], 'readwrite', (tx) => tx.objectStore('settings').put(copy, key));
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
      const [ratings, watchlist, hidden, settings] = await Promise.all([
        tx.objectStore('ratings').getAll(),
        tx.objectStore('watchlist').getAll(),
        tx.objectStore('hidden').getAll(),
        storedSettings(tx),
      ]);
      return { ratings, watchlist, hidden, settings: exportedSettings(settings) };
    });
  }

  async importAll(data: UserData, mode: ImportMode): Promise<ImportSummary> {
    const action = 'import';
    const incomingSettings = checkUserData(data, action);
    const summary = await this.run(action, USER_STORES, 'readwrite', async (tx) => {
      const ratings = tx.objectStore('ratings');
      const watchlist = tx.objectStore('watchlist');
      const hidden = tx.objectStore('hidden');
      const settings = tx.objectStore('settings');
      const settingsBefore = await storedSettings(tx);
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
      for (const [k, v] of Object.entries(incomingSettings)) write(settings.put(v, k as SettingKey));
      await Promise.all(writes);
      return {
        ratings: merged.summary,
        watchlist: newWatch.length,
        hidden: newHidden.length,
        settings: settingsChangedBy(settingsBefore, incomingSettings, mode),
      };
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
    this.db?.close();
    this.feed.close();
    this.noticeListeners.clear();
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

/** The stored settings of the keys this version knows, read in the caller's transaction. */
async function storedSettings(tx: Tx<IDBTransactionMode>) {
  const store = tx.objectStore('settings');
  const [keys, values] = await Promise.all([store.getAllKeys(), store.getAll()]);
  return knownSettings(keys, values);
}

/**
 * Open with a deadline that starts when the open is blocked: when a tab still on an older version will not close,
 * the app starts on the memory store rather than waiting for ever. A connection that opens after the deadline is
 * closed at once.
 */
function untilUnblocked<T extends { close(): void }>(
  waitMs: number,
  open: (blocked: () => void) => Promise<T>,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let gaveUp = false;
    const blocked = () => {
      timer ??= setTimeout(() => {
        gaveUp = true;
        reject(
          new StoreError(
            'unavailable',
            'open database',
            'another tab still has an older Matinee open; close it and reload this page to keep your changes',
          ),
        );
      }, waitMs);
    };
    open(blocked).then(
      (db) => {
        clearTimeout(timer);
        if (gaveUp) db.close();
        else resolve(db);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
