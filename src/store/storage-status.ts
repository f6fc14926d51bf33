/**
 * navigator.storage: ask the browser not to evict our data (persist) and read how much we use (estimate).
 * Both are optional web APIs; when missing or refused the answer is null ("unknown"), which the UI can show as such.
 */

export interface StorageApi {
  persist?: () => Promise<boolean>;
  persisted?: () => Promise<boolean>;
  estimate?: () => Promise<{ usage?: number; quota?: number }>;
}

/** The browser's StorageManager, when there is one. */
export function browserStorage(): StorageApi | null {
  const nav = (globalThis as { navigator?: { storage?: StorageApi } }).navigator;
  return nav?.storage ?? null;
}

/** Request persistent storage; true when granted (or already granted), false when refused, null when unknown. */
export async function requestPersistence(storage: StorageApi | null): Promise<boolean | null> {
  if (!storage?.persist) return null;
  try {
    if (storage.persisted && (await storage.persisted())) return true;
    return await storage.persist();
  } catch {
    // persist() failing is not a storage failure: data is still kept, just evictable. Report "unknown".
    return null;
  }
}

/** navigator.storage.persisted(): whether persistence is granted now, without asking; null when unknown. */
export async function currentPersistence(storage: StorageApi | null): Promise<boolean | null> {
  if (!storage?.persisted) return null;
  try {
    return await storage.persisted();
  } catch {
    return null;
  }
}

export async function estimateStorage(
  storage: StorageApi | null,
): Promise<{ usage: number | null; quota: number | null }> {
  if (!storage?.estimate) return { usage: null, quota: null };
  try {
    const e = await storage.estimate();
    return { usage: e.usage ?? null, quota: e.quota ?? null };
  } catch {
    return { usage: null, quota: null };
  }
}
