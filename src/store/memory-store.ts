/**
 * UserStore kept in memory: the fallback when IndexedDB cannot be opened (some private modes). Same behaviour as
 * IdbStore (values are structured-cloned in and out, imports are all or nothing) but nothing survives a reload,
 * so `persistent` is false and the UI must say so.
 */
import {
  mergeList,
  mergeRatings,
  type ListEntry,
  type RatingRecord,
  type UserData,
} from '../engine/user-data/user-data.ts';
import { readSettings, type SettingKey, type Settings, type SettingsRead } from '../engine/user-data/settings.ts';
import { ChangeFeed } from './change-feed.ts';
import { checksum } from './checksum.ts';
import { StoreError, toStoreError } from './errors.ts';
import type { ModelCacheEntry } from './schema.ts';
import type {
  StorageStatus,
  UserStore,
  ChangeMessage,
  ImportMode,
  ListName,
  ChangeKind,
  ImportSummary,
} from './user-store.ts';
import {
  byItem,
  checkItem,
  checkSetting,
  checkTime,
  checkUserData,
  checkValue,
  exportedSettings,
  stateChecksum,
  settingsChangedBy,
} from './validate.ts';

function clone<T>(value: T, action: string): T {
  try {
    return structuredClone(value);
  } catch (e) {
    throw toStoreError(e, action);
  }
}

export class MemoryStore implements UserStore {
  readonly persistent = false;
  private readonly ratings = new Map<number, RatingRecord>();
  private readonly lists: Record<ListName, Map<number, ListEntry>> = { watchlist: new Map(), hidden: new Map() };
  private readonly settings = new Map<SettingKey, unknown>();
  private readonly models = new Map<string, ModelCacheEntry>();
  private readonly feed = new ChangeFeed(null);

  constructor(readonly unavailableReason: StoreError | null = null) {}

  async getRatings(): Promise<RatingRecord[]> {
    return [...this.ratings.values()].sort(byItem).map((r) => ({ ...r }));
  }

  async setRating(item: number, value: number, time: number = Date.now()): Promise<void> {
    const action = 'save rating';
    checkItem(item, action);
    checkValue(value, action);
    checkTime(time, action);
    this.ratings.set(item, { item, value, time });
    this.feed.announce('ratings');
  }

  async removeRating(item: number): Promise<void> {
    this.ratings.delete(item);
    this.feed.announce('ratings');
  }

  async getList(list: ListName): Promise<ListEntry[]> {
    return [...this.lists[list].values()].sort(byItem).map((e) => ({ ...e }));
  }

  async addToList(list: ListName, item: number, added: number = Date.now()): Promise<void> {
    checkItem(item, `add to ${list}`);
    checkTime(added, `add to ${list}`);
    if (!this.lists[list].has(item)) this.lists[list].set(item, { item, added });
    this.feed.announce(list);
  }

  async removeFromList(list: ListName, item: number): Promise<void> {
    this.lists[list].delete(item);
    this.feed.announce(list);
  }

  async readSettings(): Promise<SettingsRead> {
    return readSettings(this.settings);
  }

  async setSetting<K extends SettingKey>(key: K, value: Settings[K]): Promise<void> {
    this.settings.set(key, checkSetting(key, value, `save setting "${key}"`));
    this.feed.announce('settings');
  }

  async getModelCache(key: string): Promise<ModelCacheEntry | null> {
    const entry = this.models.get(key);
    if (!entry) return null;
    if (checksum(entry.state) !== entry.checksum) {
      this.models.delete(key);
      return null;
    }
    // A copy, as IndexedDB would give: a caller changing the state must not change the cache.
    return clone(entry, 'read model cache');
  }

  async putModelCache(key: string, state: unknown): Promise<ModelCacheEntry> {
    const action = 'save model cache';
    const copy = clone(state, action);
    const entry: ModelCacheEntry = { key, createdAt: Date.now(), checksum: stateChecksum(copy, action), state: copy };
    this.models.set(key, entry);
    return entry;
  }

  async deleteModelCache(key?: string): Promise<void> {
    if (key === undefined) this.models.clear();
    else this.models.delete(key);
  }

  async modelCacheKeys(): Promise<string[]> {
    return [...this.models.keys()].sort();
  }

  async clearAll(): Promise<void> {
    this.ratings.clear();
    this.lists.watchlist.clear();
    this.lists.hidden.clear();
    this.settings.clear();
    this.models.clear();
    this.feed.announce('ratings', 'watchlist', 'hidden', 'settings');
  }

  async exportAll(): Promise<UserData> {
    return {
      ratings: await this.getRatings(),
      watchlist: await this.getList('watchlist'),
      hidden: await this.getList('hidden'),
      settings: exportedSettings(this.settings),
    };
  }

  async importAll(data: UserData, mode: ImportMode): Promise<ImportSummary> {
    const action = 'import';
    // Everything that can fail happens before the first change, so a failed import changes nothing.
    const settings = checkUserData(data, action);
    const settingsChanged = settingsChangedBy(this.settings, settings, mode);
    const local = mode === 'replace' ? [] : [...this.ratings.values()];
    const { write, summary } = mergeRatings(local, data.ratings);
    const lists = {
      watchlist: mergeList(mode === 'replace' ? [] : [...this.lists.watchlist.values()], data.watchlist),
      hidden: mergeList(mode === 'replace' ? [] : [...this.lists.hidden.values()], data.hidden),
    };
    if (mode === 'replace') {
      this.ratings.clear();
      this.lists.watchlist.clear();
      this.lists.hidden.clear();
      this.settings.clear();
    }
    for (const r of write) this.ratings.set(r.item, { item: r.item, value: r.value, time: r.time });
    for (const name of ['watchlist', 'hidden'] as const) {
      for (const e of lists[name]) this.lists[name].set(e.item, { item: e.item, added: e.added });
    }
    for (const [k, v] of Object.entries(settings)) this.settings.set(k as SettingKey, v);
    const changed: ChangeKind[] = ['ratings', 'watchlist', 'hidden', 'settings'];
    this.feed.announce(...changed);
    return {
      ratings: summary,
      watchlist: lists.watchlist.length,
      hidden: lists.hidden.length,
      settings: settingsChanged,
    };
  }

  subscribe(callback: (change: ChangeMessage) => void): () => void {
    return this.feed.subscribe(callback);
  }

  /** Memory never closes under the app: there is nothing to tell. */
  onNotice(): () => void {
    return () => {};
  }

  async storageStatus(): Promise<StorageStatus> {
    return { persistent: false, persisted: null, usage: null, quota: null };
  }

  async requestPersistence(): Promise<boolean | null> {
    return false;
  }

  close(): void {
    this.feed.close();
  }
}
