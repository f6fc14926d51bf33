/**
 * Open the user's store: IndexedDB when it works, otherwise an in-memory store that says it is not persistent.
 * Also asks the browser for persistent storage so ratings are not evicted under storage pressure.
 */
import { ChangeFeed, DEFAULT_CHANNEL } from './change-feed.ts';
import { toStoreError, type StoreError } from './errors.ts';
import { IdbStore } from './idb-store.ts';
import { MemoryStore } from './memory-store.ts';
import { MIGRATIONS, type Migration } from './schema.ts';
import { browserStorage, type StorageApi } from './storage-status.ts';
import type { UserStore } from './user-store.ts';

export const DEFAULT_DB_NAME = 'matinee';

export interface OpenStoreOptions {
  /** Database name; default "matinee". */
  name?: string;
  /** BroadcastChannel name for change messages between tabs; default "matinee"; null for none. */
  channel?: string | null;
  /** navigator.storage or a stand-in; default the browser's (null in Node). */
  storage?: StorageApi | null;
  /** How long to wait for tabs on an older version to let an upgrade through; default 4 s. */
  blockedWaitMs?: number;
  /** For tests only: open as an older (or newer) version of the app would. */
  migrations?: readonly Migration[];
}

/** Whether there is an IndexedDB: reading globalThis.indexedDB can throw (sandboxed, storage blocked). */
function hasIndexedDB(): boolean {
  try {
    return globalThis.indexedDB != null;
  } catch {
    return false;
  }
}

/**
 * Never rejects: when IndexedDB fails the result is a MemoryStore whose unavailableReason says why. IndexedDB is
 * globalThis.indexedDB, as idb's openDB uses it (tests install fake-indexeddb there).
 */
export async function openUserStore(options: OpenStoreOptions = {}): Promise<UserStore> {
  const storage = options.storage === undefined ? browserStorage() : options.storage;
  let reason: StoreError;
  if (!hasIndexedDB()) {
    reason = toStoreError({ name: 'InvalidStateError', message: 'this browser has no IndexedDB' }, 'open database');
  } else {
    const feed = new ChangeFeed(options.channel === undefined ? DEFAULT_CHANNEL : options.channel);
    try {
      // The store asks for persistent storage itself, without making the app wait for the answer.
      return await IdbStore.open({
        name: options.name ?? DEFAULT_DB_NAME,
        migrations: options.migrations ?? MIGRATIONS,
        feed,
        storage,
        blockedWaitMs: options.blockedWaitMs ?? 4000,
      });
    } catch (e) {
      feed.close();
      reason = toStoreError(e, 'open database');
    }
  }
  return new MemoryStore(reason);
}
