/**
 * The IndexedDB schema and its migrations. The database version is the number of migrations; migration k (0-based)
 * takes a database from version k to k+1. Append new migrations, never edit old ones: a user's browser may hold a
 * database written by any earlier version, and test/unit/store/migrations.test.ts opens each one with this code.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { ListEntry, RatingRecord } from '../engine/user-data/user-data.ts';
import type { SettingKey } from '../engine/user-data/settings.ts';

export interface ModelCacheEntry {
  /** `${snapshotHash}:${engineVersion}`: a new snapshot or engine makes old entries unreachable. */
  key: string;
  /** ms since 1970. */
  createdAt: number;
  /** checksum(state) when written; a mismatch on read means the entry is damaged. */
  checksum: number;
  /** The model's saved state: structured-clone data (typed arrays, plain objects). */
  state: unknown;
}

export interface MatineeDB extends DBSchema {
  ratings: { key: number; value: RatingRecord };
  watchlist: { key: number; value: ListEntry };
  hidden: { key: number; value: ListEntry };
  /**
   * One record per setting, by its key. The value is unknown until read through readSetting: an older version or
   * an older import may have stored anything under a key.
   */
  settings: { key: SettingKey; value: unknown };
  modelCache: { key: string; value: ModelCacheEntry };
}

export type MatineeStoreName = StoreNames<MatineeDB>;
export type UpgradeTransaction = IDBPTransaction<MatineeDB, MatineeStoreName[], 'versionchange'>;
export type Migration = (db: IDBPDatabase<MatineeDB>, tx: UpgradeTransaction) => void;

export const MIGRATIONS: readonly Migration[] = [
  // v1: the user's ratings keyed by external item id, and settings keyed by name.
  (db) => {
    db.createObjectStore('ratings', { keyPath: 'item' });
    db.createObjectStore('settings');
  },
  // v2: watchlist and "not interested" (hidden) lists, also keyed by external item id.
  (db) => {
    db.createObjectStore('watchlist', { keyPath: 'item' });
    db.createObjectStore('hidden', { keyPath: 'item' });
  },
  // v3: trained model states, each with a checksum so a damaged entry is detected and rebuilt.
  (db) => {
    db.createObjectStore('modelCache', { keyPath: 'key' });
  },
];

export const DB_VERSION = MIGRATIONS.length;

/** What the connection tells its owner after it opened (idb's openDB callbacks). */
export interface ConnectionEvents {
  /** Another tab wants a newer version (or to delete the database): close, or its upgrade waits. */
  blocking?: () => void;
  /** The browser closed the connection (storage cleared, disk error). */
  terminated?: () => void;
  /** Tabs still on the old version keep this open from upgrading. */
  blocked?: () => void;
}

/**
 * Open (creating or upgrading) the database on globalThis.indexedDB with idb's openDB, applying in order the
 * migrations the stored version has not seen. Tests pass a prefix of MIGRATIONS to create a database as an older
 * Matinee wrote it. A migration that throws aborts the upgrade, which leaves the database at its old version with
 * its data intact, and the open rejects with that error; other failures reject with the raw DOMException.
 */
export async function openMatineeDB(
  name: string,
  migrations: readonly Migration[] = MIGRATIONS,
  events: ConnectionEvents = {},
): Promise<IDBPDatabase<MatineeDB>> {
  // What a migration threw: the abort that follows would only say "AbortError".
  const failed: { error?: unknown } = {};
  try {
    return await openDB<MatineeDB>(name, migrations.length, {
      upgrade(db, oldVersion, _newVersion, tx) {
        tx.done.catch(() => {}); // an aborted upgrade rejects the open itself, below
        try {
          for (let v = oldVersion; v < migrations.length; v++) migrations[v]!(db, tx);
        } catch (error) {
          failed.error = error;
          tx.abort();
        }
      },
      blocking: events.blocking,
      terminated: events.terminated,
      blocked: events.blocked,
    });
  } catch (e) {
    throw 'error' in failed ? failed.error : e;
  }
}
