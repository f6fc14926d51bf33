/**
 * The IndexedDB schema and its migrations. The database version is the number of migrations; migration k (0-based)
 * takes a database from version k to k+1. Append new migrations, never edit old ones: a user's browser may hold a
 * database written by any earlier version, and test/unit/store/migrations.test.ts opens each one with this code.
 */
import { wrap, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { ListEntry, RatingRecord } from '../engine/import/user-data.ts';

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
  settings: { key: string; value: unknown };
  modelCache: { key: string; value: ModelCacheEntry };
}

export type MatineeStoreName = StoreNames<MatineeDB>;
export type UpgradeTransaction = IDBPTransaction<MatineeDB, ArrayLike<MatineeStoreName>, 'versionchange'>;
export type Migration = (db: IDBPDatabase<MatineeDB>, tx: UpgradeTransaction) => void;

export const MIGRATIONS: readonly Migration[] = [
  // v1: the user's ratings keyed by external item id, and free-form settings keyed by name.
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

/**
 * Open (creating or upgrading) the database with the given IDBFactory, applying the migrations the stored
 * version has not seen. Tests pass a prefix of MIGRATIONS to create a database as an older Matinee wrote it.
 * Rejects with the raw DOMException; callers turn it into a StoreError.
 */
export function openMatineeDB(
  factory: IDBFactory,
  name: string,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<IDBPDatabase<MatineeDB>> {
  return new Promise((resolve, reject) => {
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(name, migrations.length);
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    request.onupgradeneeded = (event) => {
      const db = wrap(request.result) as unknown as IDBPDatabase<MatineeDB>;
      const tx = wrap(request.transaction!) as unknown as UpgradeTransaction;
      tx.done.catch(() => {}); // an aborted upgrade is reported through request.onerror below
      try {
        for (let v = event.oldVersion; v < migrations.length; v++) migrations[v]!(db, tx);
      } catch (e) {
        // Aborting the upgrade leaves the database at its old version with its data intact.
        request.transaction?.abort();
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    };
    request.onsuccess = () => resolve(wrap(request.result) as unknown as IDBPDatabase<MatineeDB>);
    request.onerror = () => reject(request.error ?? new Error('could not open the database'));
  });
}
