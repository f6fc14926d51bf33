/**
 * The fitted-engine cache in the user's IndexedDB, opened on first use. With only a memory store (private mode)
 * there is nothing to keep: reads miss, writes are skipped, and the engine is fitted every time.
 */
import { openUserStore } from '../store/index.ts';
import type { EngineCache } from './boot.ts';

export function idbEngineCache(): EngineCache {
  // No change channel and no persistence request from a worker: the page's store does both.
  const opened = openUserStore({ channel: null, storage: null });
  const persistent = async () => {
    const store = await opened;
    return store.persistent ? store : null;
  };
  return {
    get: async (key) => (await (await persistent())?.getModelCache(key))?.state,
    put: async (key, entry) => {
      const store = await persistent();
      if (!store) return;
      await store.putModelCache(key, entry);
      // Entries for an older snapshot or engine version can never be read again, and each holds a whole engine
      // (`npm run bench` prints its size).
      for (const stale of await store.modelCacheKeys()) if (stale !== key) await store.deleteModelCache(stale);
    },
    delete: async (key) => (await persistent())?.deleteModelCache(key),
  };
}
