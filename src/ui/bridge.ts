/**
 * The page's handle on the recommender worker: creates it on first use, terminates it on demand, and makes sure
 * the page never waits on outdated work. Its calls are not written here but derived from the worker's API type
 * (every method of src/worker/session.ts), each answering with a promise. Every call takes an optional AbortSignal
 * after its own arguments: aborted, it rejects at once with the signal's reason (an AbortError) and its late
 * answer is dropped. recommend and search are latest-only (latest-only.ts): when the user rates or types faster
 * than the worker answers, the calls a newer one supersedes resolve to SUPERSEDED at once.
 */
import * as Comlink from 'comlink';
import type { RecommenderApi, SessionCalls } from '../worker/api.ts';
import type { InitProgress, InitResult } from '../worker/types.ts';
import { abortable } from './abortable.ts';
import { latestOnly, type Superseded } from './latest-only.ts';

export { SUPERSEDED } from './latest-only.ts';

/** Calls whose older answers nobody wants once a newer call has been made. */
const LATEST_ONLY = ['recommend', 'search'] as const satisfies readonly CallName[];
type LatestOnlyCall = (typeof LATEST_ONLY)[number];

type CallName = keyof SessionCalls;
type Answer<K extends CallName> = Awaited<ReturnType<SessionCalls[K]>>;

/** The session's calls as the page makes them: a trailing AbortSignal, and SUPERSEDED from latest-only ones. */
type BridgeCalls = {
  [K in CallName]: (
    ...args: [...Parameters<SessionCalls[K]>, signal?: AbortSignal]
  ) => Promise<K extends LatestOnlyCall ? Answer<K> | Superseded : Answer<K>>;
};

export interface RecommenderBridge extends BridgeCalls {
  /**
   * Start the worker: download, decode, load or fit. Rejects (instead of waiting forever) when the worker dies
   * before it is ready; later errors reach each call as its own rejection through Comlink.
   */
  init(onProgress: (p: InitProgress) => void): Promise<InitResult>;
  /**
   * Stop the worker (frees its memory): calls still waiting reject with an AbortError. The next call starts a
   * fresh worker, which must be init()ed again.
   */
  terminate(): void;
}

function startWorker(): Worker {
  return new Worker(new URL('../worker/recommender.worker.ts', import.meta.url), {
    type: 'module',
    name: 'recommender',
  });
}

/** One worker as the bridge holds it. */
interface Connection {
  remote: Comlink.Remote<RecommenderApi>;
  /** Rejects when the worker reports an uncaught error, e.g. its script failed to load or to start. */
  failed: Promise<never>;
  /** Aborted when the worker is stopped: every call still waiting on it rejects at once. */
  stopped: AbortController;
  worker: Worker;
}

/** The one place a worker is created and wired. */
function connect(worker: Worker): Connection {
  const failed = new Promise<never>((_, reject) => {
    worker.addEventListener?.('error', (e: Event) => {
      const message = (e as ErrorEvent).message || 'the worker script could not be loaded';
      reject(new Error(`The recommender stopped: ${message}`));
    });
  });
  failed.catch(() => undefined);
  return { remote: Comlink.wrap<RecommenderApi>(worker), failed, stopped: new AbortController(), worker };
}

function disconnect({ remote, stopped, worker }: Connection): void {
  stopped.abort(new DOMException('The recommender was stopped', 'AbortError'));
  remote[Comlink.releaseProxy]();
  worker.terminate();
}

/** A call's own arguments and its optional trailing signal (no worker argument is a signal: it cannot be cloned). */
function splitSignal(args: unknown[]): [unknown[], AbortSignal | undefined] {
  const last = args.at(-1);
  return last instanceof AbortSignal ? [args.slice(0, -1), last] : [args, undefined];
}

export function createRecommenderBridge(createWorker: () => Worker = startWorker): RecommenderBridge {
  let connection: Connection | null = null;
  const connected = (): Connection => (connection ??= connect(createWorker()));

  /** Sends a call to the worker; it settles when the worker answers or is stopped. */
  const send = (name: CallName, args: unknown[], signal?: AbortSignal): Promise<unknown> => {
    const { remote, stopped } = connected();
    const method = remote[name] as unknown as (...a: unknown[]) => Promise<unknown>;
    return abortable(() => method(...args), [stopped.signal, signal]);
  };

  /** One wrapper per call, made on first use and kept: a latest-only call's state must outlive each use. */
  const wrappers = new Map<CallName, (...args: unknown[]) => Promise<unknown>>();
  const wrapper = (name: CallName) => {
    let call = wrappers.get(name);
    if (!call) {
      const run = (LATEST_ONLY as readonly CallName[]).includes(name)
        ? latestOnly((args: unknown[]) => send(name, args))
        : (args: unknown[], signal?: AbortSignal) => send(name, args, signal);
      call = (...args: unknown[]) => run(...splitSignal(args));
      wrappers.set(name, call);
    }
    return call;
  };

  const own = {
    init(onProgress: (p: InitProgress) => void): Promise<InitResult> {
      const { remote, failed } = connected();
      return Promise.race([remote.init(Comlink.proxy(onProgress)), failed]);
    },
    terminate(): void {
      if (connection) disconnect(connection);
      connection = null;
    },
  };
  // Any other name is a session call: a typo is a type error (BridgeCalls), not a runtime check. Not 'then', so
  // the bridge is not mistaken for a promise.
  return new Proxy(own, {
    get: (target, name) =>
      typeof name !== 'string' || name in target || name === 'then'
        ? Reflect.get(target, name)
        : wrapper(name as CallName),
  }) as RecommenderBridge;
}
