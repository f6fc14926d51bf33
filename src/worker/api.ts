/**
 * The worker's API: init once, then every call of the session (session.ts, where calls are declared), answered
 * from the ready session. Calls made before init has finished wait for it instead of failing.
 */
import { releaseProxy } from 'comlink';
import { bootEngine, type BootDeps } from './boot.ts';
import { RecommenderSession } from './session.ts';
import type { InitProgress, InitResult } from './types.ts';

type Method = (...args: never[]) => unknown;

/** The calls the page can make: the session's public methods. */
export type SessionCalls = {
  [K in keyof RecommenderSession as RecommenderSession[K] extends Method ? K : never]: RecommenderSession[K];
};

/** The same calls by name at run time: the session's helpers are #private, so not on its prototype. */
const CALL_NAMES = Object.entries(Object.getOwnPropertyDescriptors(RecommenderSession.prototype))
  .filter(([name, property]) => name !== 'constructor' && typeof property.value === 'function')
  .map(([name]) => name as keyof SessionCalls);

export interface RecommenderApi extends AsyncCalls<SessionCalls> {
  /** Idempotent: a second call (another view, a reload of the bridge) joins the first and its progress. */
  init(onProgress?: (p: InitProgress) => void): Promise<InitResult>;
  /**
   * Answered as soon as the worker's event loop is free, init or not: the page's bridge tells a worker that is
   * alive but waiting (on IndexedDB, on init) from one that died or is stuck.
   */
  ping(): Promise<true>;
}

/** Each call answering with a promise, as it does across the worker boundary. */
type AsyncCalls<T extends Record<keyof T, Method>> = {
  [K in keyof T]: (...args: Parameters<T[K]>) => Promise<Awaited<ReturnType<T[K]>>>;
};

export function createApi(makeDeps: () => Promise<BootDeps>): RecommenderApi {
  let session: Promise<RecommenderSession> | null = null;
  let initResult: Promise<InitResult> | null = null;
  const listeners: Array<(p: InitProgress) => void> = [];

  const init = (onProgress?: (p: InitProgress) => void): Promise<InitResult> => {
    if (onProgress) listeners.push(onProgress);
    if (initResult) return initResult;
    const report = (p: InitProgress) => {
      for (const l of listeners) void l(p);
    };
    const booted = makeDeps().then((deps) => bootEngine(deps, report));
    session = booted.then((b) => new RecommenderSession(b.engine));
    // A failed start can be retried by calling init again.
    session.catch(() => {
      session = null;
      initResult = null;
    });
    const release = () => {
      // Progress callbacks from the page are Comlink proxies: release them so the page can collect them.
      for (const l of listeners.splice(0)) (l as Partial<Record<typeof releaseProxy, () => void>>)[releaseProxy]?.();
    };
    booted.catch(release);
    initResult = Promise.all([booted, session]).then(([b]) => {
      // Progress goes on after this answer: a cold start reports saving the engine once stage 2 is done.
      void b.complete.then((problem) => problem && console.warn(problem)).finally(release);
      const dataset = b.engine.dataset;
      return {
        manifest: dataset.manifest,
        itemCount: dataset.itemIds.length,
        genres: [...dataset.genres],
        mode: b.engine.mode,
        algorithms: [...b.engine.algorithms],
        fromCache: b.fromCache,
        timings: b.timings,
        cacheProblem: b.cacheProblem,
      };
    });
    return initResult;
  };

  const call = async (name: keyof SessionCalls, args: unknown[]): Promise<unknown> => {
    if (!session) throw new Error('call init() first');
    const ready = await session;
    return Reflect.apply(ready[name], ready, args);
  };
  const calls = Object.fromEntries(CALL_NAMES.map((name) => [name, (...args: unknown[]) => call(name, args)]));
  return { ...(calls as AsyncCalls<SessionCalls>), init, ping: () => Promise.resolve(true) };
}
