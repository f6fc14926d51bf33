/** The only module that touches IndexedDB. See user-store.ts for the API. */
export { openUserStore, DEFAULT_DB_NAME, type OpenStoreOptions } from './open-store.ts';
export { StoreError, type StoreErrorKind } from './errors.ts';
export { MemoryStore } from './memory-store.ts';
export { checksum } from './checksum.ts';
export * from './user-store.ts';
