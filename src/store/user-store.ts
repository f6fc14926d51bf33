/**
 * UserStore: everything the app keeps about its user (ratings, watchlist, hidden items, settings) plus the trained
 * model cache. Two implementations: IdbStore (IndexedDB, persistent) and MemoryStore (used when IndexedDB is
 * unavailable; `persistent` is false and the UI should say that ratings will not be kept). Items are EXTERNAL ids.
 * Every method rejects with a StoreError; nothing is swallowed.
 */
import type { ListEntry, MergeSummary, RatingRecord, UserData } from '../engine/user-data/user-data.ts';
import type { SettingKey, Settings, SettingsRead } from '../engine/user-data/settings.ts';
import type { StoreError } from './errors.ts';
import type { ModelCacheEntry } from './schema.ts';

export type { ListEntry, MergeSummary, RatingRecord, UserData } from '../engine/user-data/user-data.ts';
export type { ModelCacheEntry } from './schema.ts';

/** What changed; sent to other tabs over BroadcastChannel('matinee') as {type}. */
export type ChangeKind = 'ratings' | 'watchlist' | 'hidden' | 'settings';
export interface ChangeMessage {
  type: ChangeKind;
}
export const CHANGE_KINDS: readonly ChangeKind[] = ['ratings', 'watchlist', 'hidden', 'settings'];

export type ListName = 'watchlist' | 'hidden';

/** 'merge': file and local data combined, the newer rating wins per item. 'replace': local data cleared first. */
export type ImportMode = 'merge' | 'replace';

/** What an import changed: ratings per the merge rule, how many list entries were added, which settings changed. */
export interface ImportSummary {
  ratings: MergeSummary;
  watchlist: number;
  hidden: number;
  /** The settings whose value, as the app reads it, is not what it was (engine/user-data/settings.ts). */
  settings: SettingKey[];
}

export interface StorageStatus {
  /** False when data lives only in memory and is lost on reload. */
  persistent: boolean;
  /** navigator.storage.persisted() (else the last persist() answer): true when the browser promised not to evict. */
  persisted: boolean | null;
  /** navigator.storage.estimate(), in bytes; null when unknown. */
  usage: number | null;
  quota: number | null;
}

export interface UserStore {
  /** False for the in-memory fallback. */
  readonly persistent: boolean;
  /** Why IndexedDB could not be used, when persistent is false. */
  readonly unavailableReason: StoreError | null;

  /** All ratings, ascending by item. */
  getRatings(): Promise<RatingRecord[]>;
  /** Rate (or re-rate) an item; time defaults to now (ms). */
  setRating(item: number, value: number, time?: number): Promise<void>;
  removeRating(item: number): Promise<void>;

  /** Entries of the watchlist or the hidden list, ascending by item. */
  getList(list: ListName): Promise<ListEntry[]>;
  /** Add an item (keeps the first `added` time if already listed); added defaults to now. */
  addToList(list: ListName, item: number, added?: number): Promise<void>;
  removeFromList(list: ListName, item: number): Promise<void>;

  /**
   * Every setting, each one usable: a missing one is its default; a stored one that does not fit its shape (an
   * older version or an older import wrote it) is read as its default, field by field, with a notice saying so.
   */
  readSettings(): Promise<SettingsRead>;
  /** Save one setting; a value that does not fit its shape is refused with a StoreError ('invalid') naming where. */
  setSetting<K extends SettingKey>(key: K, value: Settings[K]): Promise<void>;

  /** The cached model state, or null when absent or damaged (a damaged entry is deleted). */
  getModelCache(key: string): Promise<ModelCacheEntry | null>;
  /** Store a model state under key; computes its checksum. */
  putModelCache(key: string, state: unknown): Promise<ModelCacheEntry>;
  /** Delete one entry, or every entry when key is omitted. */
  deleteModelCache(key?: string): Promise<void>;
  modelCacheKeys(): Promise<string[]>;

  /** Delete all user data and the model cache, in one transaction. */
  clearAll(): Promise<void>;
  /** Snapshot of all user data (not the model cache), read in one transaction. */
  exportAll(): Promise<UserData>;
  /** Write validated data in one transaction: all of it or, on any error, none of it. */
  importAll(data: UserData, mode: ImportMode): Promise<ImportSummary>;

  /** Called after every change, made by this store or by another tab. Returns an unsubscribe function. */
  subscribe(callback: (change: ChangeMessage) => void): () => void;
  /**
   * Called with a sentence for the user when the store stops saving, or recovers, on its own: another tab updated
   * Matinee, or the browser closed the database. Returns an unsubscribe function.
   */
  onNotice(callback: (message: string) => void): () => void;
  storageStatus(): Promise<StorageStatus>;
  /** Ask again for persistent storage (navigator.storage.persist); true when granted, null when unknown. */
  requestPersistence(): Promise<boolean | null>;
  /** Close the database connection and the broadcast channel. */
  close(): void;
}

/** The model cache key of a dataset snapshot and an engine version. */
export function modelCacheKey(snapshotHash: string, engineVersion: string): string {
  return `${snapshotHash}:${engineVersion}`;
}
