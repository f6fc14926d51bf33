/**
 * The page's handle on the recommender worker: creates it on first use, terminates it on demand, and makes sure
 * the page never waits on outdated work. Its calls are not written here but derived from the worker's API type
 * (every method of src/worker/session.ts), each answering with a promise. Every call takes an optional AbortSignal
 * after its own arguments: aborted, it rejects at once with the signal's reason (an AbortError) and its late
 * answer is dropped. recommend and search are latest-only (latest-only.ts): when the user rates or types faster
 * than the worker answers, the calls a newer one supersedes resolve to SUPERSEDED at once.
 *
 * It also keeps the page from waiting on a worker that is gone. A worker can die (an uncaught error, the browser
 * reclaiming its memory) or get stuck, and Comlink alone would leave every call waiting forever. The bridge
 * notices the worker's `error` event, and silence: while a call waits, anything the worker sends (an answer,
 * start-up progress, the answer to a ping) shows it is alive. After a short silence it pings; a ping is answered
 * whenever the worker's event loop is free, so a worker that only waits (on IndexedDB, on its start) is never
 * taken for dead. After a longer silence the worker counts as stuck; before its start has answered the limit is
 * longer, since a cold fit computes for a long while between progress reports. Then the bridge stops that
 * worker, reports 'restarting', starts a new one (which loads the engine from the model cache), starts it as the
 * page did, and sends every waiting call again, once: a call the new worker dies on too fails with the reason.
 * When a new worker dies before it has started, or workers keep dying (a few within a minute), the bridge reports
 * 'failed' and fails every waiting call, and restart() tries again when the user asks.
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

/** How the worker is doing, as the page tells the user. */
export type WorkerHealth =
  { state: 'running' } | { state: 'restarting'; reason: string } | { state: 'failed'; reason: string };

export interface RecommenderBridge extends BridgeCalls {
  /**
   * Start the worker: download, decode, load or fit. Resolves with the first start that succeeds (a worker that
   * dies while starting is replaced once); rejects instead of waiting forever when that one dies too or its start
   * fails. A second call joins the first.
   */
  init(onProgress: (p: InitProgress) => void): Promise<InitResult>;
  /** Resolves once the first start has answered, whether it succeeded or failed (never rejects). */
  readonly started: Promise<void>;
  /**
   * Stop the worker (frees its memory): calls still waiting reject with an AbortError. The next call starts a
   * fresh worker, which must be init()ed again.
   */
  terminate(): void;
  /** Hear every change of the worker's health; returns the way to stop hearing. */
  onHealth(listener: (health: WorkerHealth) => void): () => void;
  /** After 'failed': start a new worker as the page did; resolves once it runs or has failed again. */
  restart(): Promise<void>;
}

/** Silences (while a call waits on the worker) that the bridge acts on. */
export interface Watch {
  /** Then it pings the worker. */
  pingAfterMs: number;
  /** Then a worker whose start has answered counts as stuck. */
  stuckAfterMs: number;
  /** Then a worker still starting counts as stuck: a cold fit reports progress only between its models. */
  stuckWhileStartingMs: number;
}

/** Every call after start-up is answered in far less than stuckAfterMs, even on a phone (`npm run bench`). */
const WATCH: Watch = { pingAfterMs: 2000, stuckAfterMs: 8000, stuckWhileStartingMs: 120_000 };

/** A call is sent to at most this many workers: one that kills every worker it reaches fails instead. */
const MAX_SENDS = 2;

/** Workers that keep dying after they started are not replaced for ever: this many in the window, then 'failed'. */
const MAX_REPLACEMENTS = 3;
const REPLACEMENT_WINDOW_MS = 60_000;

export interface BridgeOptions {
  createWorker?: () => Worker;
  watch?: Partial<Watch>;
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
  worker: Worker;
  /** Rejects once the worker is stopped, dead or stuck: init waits on it as well as on the worker. */
  lost: Promise<never>;
  lose: (reason: Error) => void;
  gone: boolean;
  /** When the worker was last heard from, or the page began waiting on it, whichever is later. */
  heard: number;
  /** Its init has answered (or needs none): the shorter silence limit applies. */
  started: boolean;
  /** Made to replace a worker that died: if it dies before it starts, the bridge gives up. */
  replacement: boolean;
  starting: boolean;
  pinging: boolean;
}

/** A call waiting for its answer, whichever worker gives it. */
interface Call {
  name: CallName;
  args: unknown[];
  signal: AbortSignal | undefined;
  /** The worker it was last sent to; null while it waits for a new one. */
  on: Connection | null;
  sends: number;
  settle(outcome: { value: unknown } | { error: unknown }): void;
}

/** A call's own arguments and its optional trailing signal (no worker argument is a signal: it cannot be cloned). */
function splitSignal(args: unknown[]): [unknown[], AbortSignal | undefined] {
  const last = args.at(-1);
  return last instanceof AbortSignal ? [args.slice(0, -1), last] : [args, undefined];
}

const stoppedError = (reason: string) => new Error(`The recommender stopped: ${reason}`);

export function createRecommenderBridge({
  createWorker = startWorker,
  watch = {},
}: BridgeOptions = {}): RecommenderBridge {
  const limits: Watch = { ...WATCH, ...watch };
  let connection: Connection | null = null;
  let health: WorkerHealth = { state: 'running' };
  const listeners = new Set<(health: WorkerHealth) => void>();
  const waiting = new Set<Call>();
  /** The page's init: its progress callback and its answer, kept to start a replacement worker the same way. */
  let start: {
    onProgress: (p: InitProgress) => void;
    answer: Promise<InitResult>;
    resolve: (result: InitResult) => void;
    reject: (error: Error) => void;
  } | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  /** When recent replacements were started. */
  let replaced: number[] = [];

  const setHealth = (next: WorkerHealth): void => {
    health = next;
    for (const listener of listeners) listener(next);
  };

  /** The one place a worker is created and wired. */
  const connect = (replacement: boolean): Connection => {
    const worker = createWorker();
    let lose: (reason: Error) => void = () => {};
    const lost = new Promise<never>((_, reject) => (lose = reject));
    lost.catch(() => undefined);
    const conn: Connection = {
      remote: Comlink.wrap<RecommenderApi>(worker),
      worker,
      lost,
      lose,
      gone: false,
      heard: performance.now(),
      started: false,
      replacement,
      starting: false,
      pinging: false,
    };
    worker.addEventListener?.('message', () => (conn.heard = performance.now()));
    worker.addEventListener?.('error', (e: Event) =>
      died(conn, (e as ErrorEvent).message || 'the worker script could not be loaded'),
    );
    return conn;
  };

  const connected = (): Connection => (connection ??= connect(false));

  const drop = (conn: Connection, reason: Error): void => {
    conn.gone = true;
    conn.lose(reason);
    conn.remote[Comlink.releaseProxy]();
    conn.worker.terminate();
  };

  const busy = (conn: Connection): boolean => conn.starting || [...waiting].some((call) => call.on === conn);

  /** The page starts waiting on the worker: silence counts from now, and the watch runs. */
  const awaitOn = (conn: Connection): void => {
    if (!busy(conn)) conn.heard = performance.now();
    timer ??= setInterval(check, Math.min(1000, limits.pingAfterMs / 2));
  };

  const check = (): void => {
    const conn = connection;
    if (!conn || !busy(conn)) {
      clearInterval(timer!);
      timer = null;
      return;
    }
    const silence = performance.now() - conn.heard;
    if (silence >= (conn.started ? limits.stuckAfterMs : limits.stuckWhileStartingMs)) {
      died(conn, `it did not respond for ${Math.round(silence / 1000)} s`);
    } else if (silence >= limits.pingAfterMs && !conn.pinging) {
      conn.pinging = true;
      // Its answer is heard like any message; a worker that never answers is caught by the limit above.
      void conn.remote.ping().finally(() => (conn.pinging = false));
    }
  };

  const dispatch = (call: Call): void => {
    if (health.state === 'failed') return call.settle({ error: stoppedError(health.reason) });
    // While a replacement starts, calls wait for it.
    if (health.state === 'restarting') return;
    const conn = connected();
    awaitOn(conn);
    call.on = conn;
    call.sends++;
    const method = conn.remote[call.name] as unknown as (...a: unknown[]) => Promise<unknown>;
    method(...call.args).then(
      (value) => call.on === conn && call.settle({ value }),
      (error: unknown) => call.on === conn && call.settle({ error }),
    );
  };

  /** Sends a call to the worker; it settles when a worker answers, or fails when none can. */
  const send = (name: CallName, args: unknown[], signal?: AbortSignal): Promise<unknown> =>
    abortable(
      () =>
        new Promise<unknown>((resolve, reject) => {
          const call: Call = {
            name,
            args,
            signal,
            on: null,
            sends: 0,
            settle: (outcome) => {
              if (!waiting.delete(call)) return;
              if ('error' in outcome) reject(outcome.error);
              else resolve(outcome.value);
            },
          };
          waiting.add(call);
          dispatch(call);
        }),
      [signal],
    );

  /** Runs the page's init on a worker; rejects when the worker is lost before it answers. */
  const initOn = async (conn: Connection): Promise<InitResult> => {
    const { onProgress } = start!;
    awaitOn(conn);
    conn.starting = true;
    const report = (p: InitProgress) => {
      conn.heard = performance.now();
      onProgress(p);
    };
    try {
      const result = await Promise.race([conn.remote.init(Comlink.proxy(report)), conn.lost]);
      conn.started = true;
      return result;
    } finally {
      conn.starting = false;
    }
  };

  const fail = (reason: string): void => {
    if (connection) drop(connection, stoppedError(reason));
    connection = null;
    setHealth({ state: 'failed', reason });
    for (const call of [...waiting]) call.settle({ error: stoppedError(reason) });
    start?.reject(stoppedError(reason));
  };

  /** A new worker in place of a lost one, started as the page started the first; then the waiting calls. */
  const replace = async (reason: string): Promise<void> => {
    setHealth({ state: 'restarting', reason });
    const conn = (connection = connect(true));
    try {
      if (start) start.resolve(await initOn(conn));
      else conn.started = true;
    } catch (e) {
      if (connection === conn) fail((e as Error).message.replace(/^The recommender stopped: /, ''));
      return;
    }
    if (connection !== conn) return;
    setHealth({ state: 'running' });
    for (const call of [...waiting]) if (call.on === null) dispatch(call);
  };

  /** The worker died or is stuck: stop it, and replace it unless it was itself a replacement that never started. */
  const died = (conn: Connection, reason: string): void => {
    if (conn.gone) return;
    drop(conn, stoppedError(reason));
    if (connection !== conn) return;
    connection = null;
    for (const call of [...waiting]) {
      if (call.on !== conn) continue;
      call.on = null;
      if (call.signal?.aborted) call.settle({ error: call.signal.reason });
      else if (call.sends >= MAX_SENDS) call.settle({ error: stoppedError(reason) });
    }
    const now = performance.now();
    replaced = replaced.filter((t) => now - t < REPLACEMENT_WINDOW_MS);
    if ((conn.replacement && !conn.started) || replaced.length >= MAX_REPLACEMENTS) fail(reason);
    else if (start || waiting.size > 0) {
      replaced.push(now);
      void replace(reason);
    }
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

  let startAnswered: () => void = () => {};
  const started = new Promise<void>((resolve) => (startAnswered = resolve));
  const own = {
    started,
    init(onProgress: (p: InitProgress) => void): Promise<InitResult> {
      if (start) return start.answer;
      let resolve: (result: InitResult) => void = () => {};
      let reject: (error: Error) => void = () => {};
      const answer = new Promise<InitResult>((res, rej) => ((resolve = res), (reject = rej)));
      answer.then(startAnswered, startAnswered);
      start = { onProgress, answer, resolve, reject };
      const conn = connected();
      initOn(conn).then(resolve, (e: Error) => {
        // A worker that died while starting is replaced (died() does it); a start that failed is the answer.
        if (!conn.gone) reject(e);
      });
      return answer;
    },
    terminate(): void {
      const stopped = new DOMException('The recommender was stopped', 'AbortError');
      if (connection) drop(connection, stopped);
      connection = null;
      start = null;
      for (const call of [...waiting]) call.settle({ error: stopped });
      // Whatever became of the last worker, the next call starts a fresh one.
      if (health.state !== 'running') setHealth({ state: 'running' });
    },
    onHealth(listener: (health: WorkerHealth) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async restart(): Promise<void> {
      replaced = [];
      if (health.state === 'failed') await replace(health.reason);
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
