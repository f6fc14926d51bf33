import type { BrowserContext, Page } from 'playwright-core';

// What the on-device tests look at besides the UI: the messages between the page and the recommender worker, and
// the 'matinee' IndexedDB database read and written with the raw IndexedDB API (no app code involved, so a bug in
// the store cannot hide itself). Everything passed to page.evaluate is self-contained: it runs in the browser.

const DB_NAME = 'matinee';
/** The stores holding the user's own data (the model cache is derived and may be rebuilt at any time). */
export const USER_STORES = ['ratings', 'watchlist', 'hidden', 'settings'] as const;

export interface InitAnswer {
  fromCache: boolean;
  cacheProblem: string | null;
  timings: { downloadMs: number; decodeMs: number; modelMs: number; totalMs: number };
}

/** What the page heard from the worker during start-up: each progress phase (in order) and the init answer. */
export interface WorkerWire {
  phases: string[];
  init: InitAnswer[];
}

/**
 * Records, from the very start of every page of the context, the worker's start-up as it crosses the wire: the
 * init() answer on the worker's own port, and the progress callbacks, which Comlink delivers on the page end of a
 * MessageChannel it creates for the callback proxy. No hook in the app: the tests see what the page receives.
 */
export async function recordWorkerWire(context: BrowserContext): Promise<void> {
  // Test files are compiled with keepNames, so functions passed to the browser may call esbuild's __name helper.
  await context.addInitScript('globalThis.__name ??= (fn) => fn;');
  await context.addInitScript(() => {
    const wire = { phases: [] as string[], init: [] as unknown[] };
    (window as unknown as { __deviceWire: typeof wire }).__deviceWire = wire;
    const hear = (data: unknown) => {
      // Comlink wraps values: an APPLY message's arguments are [{type: 'RAW', value}], a reply is {value}.
      const message = data as { value?: unknown; argumentList?: { value?: unknown }[] } | null;
      const progress = message?.argumentList?.[0]?.value as { phase?: unknown } | undefined;
      if (progress && typeof progress.phase === 'string') wire.phases.push(progress.phase);
      const answer = message?.value as Record<string, unknown> | undefined;
      if (answer && typeof answer === 'object' && 'fromCache' in answer && 'timings' in answer) {
        wire.init.push({ fromCache: answer.fromCache, cacheProblem: answer.cacheProblem, timings: answer.timings });
      }
    };
    const NativeWorker = window.Worker;
    window.Worker = class extends NativeWorker {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        this.addEventListener('message', (event: MessageEvent) => hear(event.data));
      }
    };
    const NativeChannel = window.MessageChannel;
    window.MessageChannel = class extends NativeChannel {
      constructor() {
        super();
        this.port1.addEventListener('message', (event: MessageEvent) => hear(event.data));
      }
    };
  });
}

/**
 * Waits for the worker's init answer on this page load, then returns everything heard so far. Fails at once, with
 * the app's own message, when the app says it could not start (instead of waiting out the timeout).
 */
export async function workerWire(page: Page, timeout = 120_000): Promise<WorkerWire> {
  await page.waitForFunction(
    () =>
      ((window as unknown as { __deviceWire?: WorkerWire }).__deviceWire?.init.length ?? 0) > 0 ||
      document.querySelector('[role="alert"]')?.textContent?.includes('could not start'),
    undefined,
    { timeout, polling: 100 },
  );
  const wire = await page.evaluate(() =>
    structuredClone((window as unknown as { __deviceWire: WorkerWire }).__deviceWire),
  );
  if (wire.init.length === 0) {
    throw new Error(`the app did not start: ${await page.getByRole('alert').first().innerText()}`);
  }
  return wire;
}

/** The user's data stores as plain JSON: every record of each store (settings as [key, value] pairs), in key order. */
export type UserDump = Record<(typeof USER_STORES)[number], unknown[]>;

export interface CacheEntrySummary {
  key: string;
  createdAt: number;
  checksum: number;
  /** The cached engine's models, sorted: ranking and predictor when whole, ranking and fallback after stage 1. */
  models: string[];
}

/** Reads every user store (and a summary of the model cache) in one read-only transaction of the raw API. */
export async function dumpDatabase(page: Page): Promise<{ user: UserDump; modelCache: CacheEntrySummary[] }> {
  return page.evaluate(
    ({ name, userStores }) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const names = [...userStores, 'modelCache'];
          const tx = db.transaction(names, 'readonly');
          const user: Record<string, unknown[]> = {};
          const modelCache: { key: string; createdAt: number; checksum: number; models: string[] }[] = [];
          for (const store of userStores) {
            const keys = tx.objectStore(store).getAllKeys();
            const values = tx.objectStore(store).getAll();
            values.onsuccess = () =>
              (user[store] = store === 'settings' ? values.result.map((v, i) => [keys.result[i], v]) : values.result);
          }
          const cursor = tx.objectStore('modelCache').openCursor();
          cursor.onsuccess = () => {
            const c = cursor.result;
            if (!c) return;
            const entry = c.value as {
              key: string;
              createdAt: number;
              checksum: number;
              state?: { engine?: { ranking?: object; stars?: { predictor?: object; fallback?: object } } };
            };
            const e = entry.state?.engine;
            const models = [
              e?.ranking && 'ranking',
              e?.stars?.predictor && 'predictor',
              e?.stars?.fallback && 'fallback',
            ]
              .filter((m): m is string => typeof m === 'string')
              .sort();
            modelCache.push({ key: entry.key, createdAt: entry.createdAt, checksum: entry.checksum, models });
            c.continue();
          };
          tx.oncomplete = () => {
            db.close();
            resolve({ user: user as UserDump, modelCache });
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { name: DB_NAME, userStores: [...USER_STORES] },
  );
}

/** Every record of the named stores, read with the raw API (settings as [key, value] pairs), in key order. */
export async function dumpStores(page: Page, stores: readonly string[]): Promise<Record<string, unknown[]>> {
  return page.evaluate(
    ({ name, stores }) =>
      new Promise<Record<string, unknown[]>>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(stores, 'readonly');
          const out: Record<string, unknown[]> = {};
          for (const store of stores) {
            const keys = tx.objectStore(store).getAllKeys();
            const values = tx.objectStore(store).getAll();
            values.onsuccess = () =>
              (out[store] = store === 'settings' ? values.result.map((v, i) => [keys.result[i], v]) : values.result);
          }
          tx.oncomplete = () => {
            db.close();
            resolve(out);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { name: DB_NAME, stores: [...stores] },
  );
}

/**
 * Damages every model-cache entry the way a bad disk sector would: flips bytes in the middle of the largest typed
 * array of the stored state and writes the entry back with its old checksum. Returns how many bytes were flipped.
 */
export async function corruptModelCache(page: Page): Promise<number> {
  return page.evaluate(
    (name) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('modelCache', 'readwrite');
          const store = tx.objectStore('modelCache');
          let flipped = 0;
          const cursor = store.openCursor();
          cursor.onsuccess = () => {
            const c = cursor.result;
            if (!c) return;
            const entry = c.value as { state: unknown };
            let largest: Uint8Array | null = null;
            const seen = new Set<unknown>();
            const walk = (v: unknown) => {
              if (typeof v !== 'object' || v === null || seen.has(v)) return;
              seen.add(v);
              if (ArrayBuffer.isView(v)) {
                if (!largest || v.byteLength > largest.byteLength)
                  largest = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
                return;
              }
              for (const child of Object.values(v)) walk(child);
            };
            walk(entry.state);
            const bytes = largest as Uint8Array | null;
            if (bytes && bytes.length >= 16) {
              const middle = bytes.length >> 1;
              for (let i = 0; i < 8; i++) bytes[middle + i]! ^= 0xa5;
              flipped += 8;
              c.update(entry);
            }
            c.continue();
          };
          tx.oncomplete = () => {
            db.close();
            resolve(flipped);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    DB_NAME,
  );
}

/** Empties the model cache with the raw API, as a browser evicting it would: the next start needs the snapshot. */
export async function clearModelCache(page: Page): Promise<void> {
  await page.evaluate(
    (name) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('modelCache', 'readwrite');
          tx.objectStore('modelCache').clear();
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    DB_NAME,
  );
}

export interface OldDatabase {
  version: number;
  /** Stores to create, with their keyPath (null: out-of-line keys). */
  stores: Record<string, string | null>;
  /** Records to put: [store, value, key for out-of-line stores]. */
  records: [string, unknown, string?][];
}

/** Creates the database as an older Matinee left it, with the raw API: exact version, stores and records. */
export async function createDatabase(page: Page, old: OldDatabase): Promise<void> {
  await writeRecords(page, old.records, old);
}

/** The database's version and store names as the browser reports them. */
export async function databaseShape(page: Page): Promise<{ version: number; stores: string[] }> {
  return page.evaluate(
    (name) =>
      new Promise<{ version: number; stores: string[] }>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const shape = { version: db.version, stores: [...db.objectStoreNames].sort() };
          db.close();
          resolve(shape);
        };
      }),
    DB_NAME,
  );
}

/** Writes records into the existing database at its current version, with the raw API, in one transaction. */
export async function putRecords(page: Page, records: OldDatabase['records']): Promise<void> {
  await writeRecords(page, records);
}

/**
 * Puts the records in one transaction with the raw API; given `create`, opens the database at that version first,
 * creating its stores (the transaction then spans them all, so an empty record list still commits).
 */
async function writeRecords(page: Page, records: OldDatabase['records'], create?: OldDatabase): Promise<void> {
  await page.evaluate(
    ({ name, records, create }) =>
      new Promise<void>((resolve, reject) => {
        const open = create ? indexedDB.open(name, create.version) : indexedDB.open(name);
        open.onerror = () => reject(open.error);
        if (create) {
          open.onupgradeneeded = () => {
            for (const [store, keyPath] of Object.entries(create.stores)) {
              open.result.createObjectStore(store, keyPath === null ? {} : { keyPath });
            }
          };
        }
        open.onsuccess = () => {
          const db = open.result;
          const scope = create ? Object.keys(create.stores) : [...new Set(records.map(([store]) => store))];
          const tx = db.transaction(scope, 'readwrite');
          for (const [store, value, key] of records) {
            if (key === undefined) tx.objectStore(store).put(value);
            else tx.objectStore(store).put(value, key);
          }
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { name: DB_NAME, records, create },
  );
}

/**
 * Until the model cache holds exactly one entry, `key` when given, with a whole engine (or, with `stage: 1`, the
 * rankers alone): a cold start caches its first stage once it answers and the whole engine once its second worker
 * has fitted the predictor, so a test that inspects the cache must wait for the one it means.
 */
export async function modelCacheSaved(page: Page, key?: string, timeoutMs = 60_000, stage: 1 | 2 = 2): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const wanted = stage === 2 ? 'predictor' : 'fallback';
  for (;;) {
    const entries = (await dumpDatabase(page)).modelCache;
    const [only] = entries;
    if (entries.length === 1 && (key === undefined || only!.key === key) && only!.models.includes(wanted)) return;
    const keys = entries.map((e) => `${e.key} (${e.models.join(', ')})`);
    if (Date.now() > deadline) throw new Error(`the model cache was not saved: it holds ${JSON.stringify(keys)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Clicks a button that opens the file chooser and picks a file made of `text`, as a person does. */
export async function chooseFile(page: Page, button: string, name: string, text: string | Buffer): Promise<void> {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: button, exact: true }).click(),
  ]);
  await chooser.setFiles({
    name,
    mimeType: name.endsWith('.json') ? 'application/json' : 'text/csv',
    buffer: Buffer.from(text),
  });
}
