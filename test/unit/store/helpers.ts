/**
 * Fresh, isolated stores for tests. The store opens globalThis.indexedDB through idb's openDB, so every test gets a
 * new, empty fake-indexeddb there (as fake-indexeddb's README suggests), and its own broadcast channel name.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach } from 'vitest';
import { openUserStore, type OpenStoreOptions } from '../../../src/store/open-store.ts';
import type { UserStore } from '../../../src/store/user-store.ts';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

let counter = 0;

/** A unique channel name, so that tests running in parallel never hear each other. */
export function uniqueChannel(): string {
  return `matinee-test-${process.pid}-${++counter}-${Math.random().toString(36).slice(2)}`;
}

export async function freshIdbStore(options: OpenStoreOptions = {}): Promise<UserStore> {
  const store = await openUserStore({ channel: uniqueChannel(), storage: null, ...options });
  if (!store.persistent) throw new Error(`expected IndexedDB, got the memory fallback: ${store.unavailableReason}`);
  return store;
}
