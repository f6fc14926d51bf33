/**
 * One recommender worker as the bridge holds it: its calls, and whether it still answers. A worker can die (an
 * uncaught error, the browser reclaiming its memory) or get stuck, and Comlink alone would leave every call waiting
 * forever. So while the page waits on this one (a call, or its start), silence counts: anything the worker sends
 * (an answer, start-up progress, the answer to a ping) shows it is alive. After a short silence it is pinged; a ping
 * is answered whenever the worker's event loop is free, so a worker that only waits (on IndexedDB, on the network)
 * is never taken for dead. After a longer silence with a ping left unanswered, or on its `error` event, the worker
 * is lost (`onLost`).
 */
import * as Comlink from 'comlink';
import type { RecommenderApi, SessionCalls } from '../worker/api.ts';
import type { InitPhase, InitProgress, InitResult } from '../worker/types.ts';

/** Silences (while the page waits on the worker) after which the connection acts. */
export interface Watch {
  /** Then it pings the worker. */
  pingAfterMs: number;
  /** Then a worker answering calls counts as stuck: every call is answered far sooner (`npm run bench`). */
  stuckAfterMs: number;
  /** Then a starting worker counts as stuck: decoding, loading or fitting computes long between progress reports. */
  stuckWhileStartingMs: number;
  /** Then a worker whose start waits on the download counts as dead: it only waits, so it answers pings at once. */
  deadWhileDownloadingMs: number;
}

const WATCH: Watch = {
  pingAfterMs: 1000,
  stuckAfterMs: 8000,
  stuckWhileStartingMs: 120_000,
  deadWhileDownloadingMs: 3000,
};

/** Start-up phases in which the worker's event loop is free (it waits on the network), so pings are answered. */
const WAITING_PHASES: ReadonlySet<InitPhase> = new Set(['download']);

/** The recommender worker of this build. */
export function recommenderWorker(): Worker {
  return new Worker(new URL('../worker/recommender.worker.ts', import.meta.url), {
    type: 'module',
    name: 'recommender',
  });
}

export class WorkerConnection {
  readonly #worker: Worker;
  readonly #remote: Comlink.Remote<RecommenderApi>;
  readonly #watch: Watch;
  readonly #onLost: (conn: WorkerConnection, reason: string) => void;
  readonly #lost: Promise<never>;
  #lose: (reason: Error) => void = () => {};
  #closed = false;
  /** When the worker was last heard from, or the page began waiting on it, whichever is later. */
  #heard = performance.now();
  /** When the ping still unanswered was sent; null when none is. */
  #pingedAt: number | null = null;
  /** Answers the page waits for; the watch runs while there are any. */
  #pending = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  /** While a start runs, the phase it last reported (null: none yet, its script may still be loading). */
  #startPhase: InitPhase | null | undefined;

  constructor(worker: Worker, watch: Partial<Watch>, onLost: (conn: WorkerConnection, reason: string) => void) {
    this.#worker = worker;
    this.#remote = Comlink.wrap<RecommenderApi>(worker);
    this.#watch = { ...WATCH, ...watch };
    this.#onLost = onLost;
    this.#lost = new Promise<never>((_, reject) => (this.#lose = reject));
    this.#lost.catch(() => undefined);
    worker.addEventListener('message', () => (this.#heard = performance.now()));
    worker.addEventListener('error', (e) => onLost(this, e.message || 'the worker script could not be loaded'));
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Rejects with the reason the connection was closed, if it is closed before the worker answers. */
  call(name: keyof SessionCalls, args: unknown[]): Promise<unknown> {
    const method = this.#remote[name] as unknown as (...a: unknown[]) => Promise<unknown>;
    return this.#awaited(method(...args));
  }

  /** The worker's start; its progress is a sign of life and says whether the worker computes or waits. */
  async init(onProgress: (p: InitProgress) => void): Promise<InitResult> {
    this.#startPhase = null;
    const report = (p: InitProgress) => {
      this.#heard = performance.now();
      if (this.#startPhase !== undefined) this.#startPhase = p.phase;
      onProgress(p);
    };
    try {
      return await this.#awaited(this.#remote.init(Comlink.proxy(report)));
    } finally {
      this.#startPhase = undefined;
    }
  }

  /** Stops the worker (frees its memory); what waits on it rejects with `reason`. */
  close(reason: Error): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    this.#lose(reason);
    this.#remote[Comlink.releaseProxy]();
    this.#worker.terminate();
  }

  /** The page starts waiting on the worker: silence counts from now (unless it already did), and the watch runs. */
  #awaited<T>(answer: Promise<T>): Promise<T> {
    if (this.#pending++ === 0) this.#heard = performance.now();
    this.#timer ??= setInterval(() => this.#check(), Math.min(1000, this.#watch.pingAfterMs / 2));
    return Promise.race([answer, this.#lost]).finally(() => this.#pending--);
  }

  #check(): void {
    if (this.#pending === 0) {
      clearInterval(this.#timer);
      this.#timer = undefined;
      return;
    }
    const now = performance.now();
    const silence = now - this.#heard;
    if (silence < this.#watch.pingAfterMs) return;
    if (this.#pingedAt === null) {
      this.#pingedAt = now;
      // Its answer is heard like any message; a worker that never answers is caught below.
      void this.#remote.ping().finally(() => (this.#pingedAt = null));
    } else if (silence >= this.#limit() && now - this.#pingedAt >= this.#limit() - this.#watch.pingAfterMs) {
      // Only a ping left unanswered that long counts: a check that ran late (a throttled background tab, a busy
      // page) has first sent one, so a worker that merely went unheard meanwhile gets the chance to answer it.
      this.#onLost(this, `it did not respond for ${Math.round(silence / 1000)} s`);
    }
  }

  /** The long start-up limit applies only while the worker says it computes: waiting, it must answer pings. */
  #limit(): number {
    const phase = this.#startPhase;
    if (phase === undefined) return this.#watch.stuckAfterMs;
    return phase !== null && WAITING_PHASES.has(phase)
      ? this.#watch.deadWhileDownloadingMs
      : this.#watch.stuckWhileStartingMs;
  }
}
