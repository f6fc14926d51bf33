/**
 * Open the user's store: IndexedDB when it works, otherwise an in-memory store that says it is not persistent.
 * Also asks the browser for persistent storage so ratings are not evicted under storage pressure.
 */
import { ChangeFeed, DEFAULT_CHANNEL } from './change-feed.ts';
import { toStoreError, type StoreError } from './errors.ts';
import { IdbStore } from './idb-store.ts';
import { MemoryStore } from './memory-store.ts';
import { MIGRATIONS, openMatineeDB, type Migration } from './schema.ts';
import { browserStorage, type StorageApi } from './storage-status.ts';
import type { UserStore } from './user-store.ts';

export const DEFAULT_DB_NAME = 'matinee';

export interface OpenStoreOptions {
  /** Defaults to globalThis.indexedDB; tests pass a fresh fake-indexeddb IDBFactory to stay isolated. */
  factory?: IDBFactory | null;
  /** Database name; default "matinee". */
  name?: string;
  /** BroadcastChannel name for change messages between tabs; default "matinee"; null for none. */
  channel?: string | null;
  /** navigator.storage or a stand-in; default the browser's (null in Node). */
  storage?: StorageApi | null;
  /** For tests only: open as an older version of the app would. */
  migrations?: readonly Migration[];
}

/** globalThis.indexedDB, or null where there is none or merely reading it throws (sandboxed, storage blocked). */
function browserIndexedDB(): IDBFactory | null {
  try {
    return globalThis.indexedDB ?? null;
  } catch {
    return null;
  }
}

/** Never rejects: when IndexedDB fails the result is a MemoryStore whose unavailableReason says why. */
export async function openUserStore(options: OpenStoreOptions = {}): Promise<UserStore> {
  const factory = options.factory === undefined ? browserIndexedDB() : options.factory;
  const storage = options.storage === undefined ? browserStorage() : options.storage;
  let reason: StoreError;
  if (factory === null) {
    reason = toStoreError({ name: 'InvalidStateError', message: 'this browser has no IndexedDB' }, 'open database');
  } else {
    try {
      const db = await openMatineeDB(factory, options.name ?? DEFAULT_DB_NAME, options.migrations ?? MIGRATIONS);
      const feed = new ChangeFeed(options.channel === undefined ? DEFAULT_CHANNEL : options.channel);
      // The store asks for persistent storage itself, without making the app wait for the answer.
      return new IdbStore(db, feed, storage);
    } catch (e) {
      reason = toStoreError(e, 'open database');
    }
  }
  return new MemoryStore(reason);
}
