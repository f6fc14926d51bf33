/** Worker entry: exposes the recommender API over Comlink. The page imports only its type. */
import * as Comlink from 'comlink';
import { openUserStore } from '../store/index.ts';
import { createApi } from './api.ts';
import { FIT_SEED, type EngineCache } from './boot.ts';
import { SNAPSHOT_HASH, loadDataset } from './dataset-source.ts';

/** The fitted-engine cache in the user's IndexedDB; null when only a memory store is available (nothing to keep). */
async function engineCache(): Promise<EngineCache | null> {
  // No change channel and no persistence request from the worker: the page's store does both.
  const store = await openUserStore({ channel: null, storage: null });
  if (!store.persistent) return null;
  return {
    get: async (key) => (await store.getModelCache(key))?.state,
    put: async (key, state) => {
      await store.putModelCache(key, state);
      // Entries for an older snapshot or engine version can never be read again, and each is ~12 MB on disk.
      for (const stale of await store.modelCacheKeys()) if (stale !== key) await store.deleteModelCache(stale);
    },
    delete: (key) => store.deleteModelCache(key),
  };
}

const api = createApi(async () => ({
  loadDataset,
  snapshotHash: SNAPSHOT_HASH,
  cache: await engineCache(),
  seed: FIT_SEED,
}));

export type RecommenderApi = typeof api;

Comlink.expose(api);
