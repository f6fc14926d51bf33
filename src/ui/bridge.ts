/**
 * The page's handle on the recommender worker: a supervisor of one worker connection (worker-connection.ts notices a
 * worker that died or got stuck), made on first use, with a wrapper per session call (bridge-calls.ts). A lost worker
 * is replaced: the bridge reports 'restarting', starts a new one (it loads the engine from the model cache) as the page
 * started the first, and sends each waiting call there, once (lost there too, it fails). When a new worker is lost
 * before it has started, or workers keep dying, the bridge reports 'failed' and fails what waits; restart() retries.
 */
import type { InitProgress, InitResult } from '../worker/types.ts';
import { abortable } from './abortable.ts';
import { bridgeCalls, type BridgeCalls, type CallName } from './bridge-calls.ts';
import { PageStart } from './page-start.ts';
import { ReplacementBudget } from './replacement-budget.ts';
import { HealthReport, RUNNING, type WorkerHealth } from './worker-health.ts';
import { WorkerConnection, recommenderWorker, type Watch } from './worker-connection.ts';

export { SUPERSEDED } from './latest-only.ts';
export type { WorkerHealth } from './worker-health.ts';

export type RecommenderBridge = WorkerSupervisor & BridgeCalls;

export interface BridgeOptions {
  createWorker?: () => Worker;
  watch?: Partial<Watch>;
}

/** A call is sent to at most this many workers: one that kills every worker it reaches fails instead. */
const MAX_SENDS = 2;
const stopped = (reason: string) => new Error(`The recommender stopped: ${reason}`);

export function createRecommenderBridge(options: BridgeOptions = {}): RecommenderBridge {
  const supervisor = new WorkerSupervisor(options);
  return Object.assign(supervisor, bridgeCalls(supervisor.send.bind(supervisor)));
}

export class WorkerSupervisor {
  #markStarted: () => void = () => {};
  /** Resolves once a start has succeeded (not on a failed one, which may have met a damaged network). */
  readonly started = new Promise<void>((resolve) => (this.#markStarted = resolve));
  readonly #connect: () => WorkerConnection;
  readonly #health = new HealthReport();
  #conn: WorkerConnection | null = null;
  #start: PageStart | null = null;
  readonly #replacements = new ReplacementBudget();
  #replacing = Promise.resolve();

  constructor({ createWorker = recommenderWorker, watch = {} }: BridgeOptions) {
    this.#connect = () => new WorkerConnection(createWorker(), watch, (conn, reason) => this.#lost(conn, reason));
  }

  /**
   * Start the worker: download, decode, load or fit. Resolves with the first start that succeeds (a worker lost while
   * starting is replaced once). A second call joins the first, unless that failed: then it starts again.
   */
  init(onProgress: (p: InitProgress) => void): Promise<InitResult> {
    if (this.#start) return this.#start.answer;
    const start = (this.#start = new PageStart(onProgress));
    if (this.#health.now.state === 'failed') void this.restart();
    else void this.#startOn((this.#conn ??= this.#connect()), start);
    return start.answer;
  }

  /** Sends a call; it settles when a worker answers, or fails when none can. */
  send(name: CallName, args: unknown[], signal?: AbortSignal): Promise<unknown> {
    return abortable(async () => {
      for (let sends = 1; ; sends++) {
        const conn = await this.#current();
        try {
          return await conn.call(name, args);
        } catch (e) {
          // Lost with its worker: sent to the replacement, once, unless terminated or the caller or bridge gave up.
          if (!conn.closed || this.#health.now.state === 'running' || sends === MAX_SENDS) throw e;
          signal?.throwIfAborted();
        }
      }
    }, [signal]);
  }

  /** Stop the worker (frees its memory): what still waits rejects with an AbortError; the next call starts anew. */
  terminate(): void {
    const aborted = new DOMException('The recommender was stopped', 'AbortError');
    this.#conn?.close(aborted);
    this.#conn = null;
    this.#dropStart(aborted);
    this.#health.set(RUNNING);
  }

  /** Hear every change of the worker's health; returns the way to stop hearing. */
  onHealth(listener: (health: WorkerHealth) => void): () => void {
    return this.#health.listen(listener);
  }

  /** After 'failed': start a new worker as the page did; resolves once it runs or has failed again. */
  async restart(): Promise<void> {
    this.#replacements.reset();
    if (this.#health.now.state === 'failed') await (this.#replacing = this.#replace(this.#health.now.reason));
  }

  /** The worker calls go to: made on first use, a replacement once it has started; throws once the bridge gave up. */
  async #current(): Promise<WorkerConnection> {
    while (this.#health.now.state === 'restarting') await this.#replacing;
    if (this.#health.now.state === 'failed') throw stopped(this.#health.now.reason);
    return (this.#conn ??= this.#connect());
  }

  /** Runs the page's start on a worker; a worker lost meanwhile is #lost()'s to handle. */
  async #startOn(conn: WorkerConnection, start: PageStart): Promise<void> {
    try {
      const result = await conn.init(start.onProgress);
      if (conn !== this.#conn) return;
      start.succeed(result);
      this.#markStarted();
      this.#health.set(RUNNING);
    } catch (e) {
      if (conn !== this.#conn) return;
      // A replacement that cannot start ends the attempts; a first start that failed is the page's answer.
      if (this.#health.now.state === 'restarting') this.#fail((e as Error).message);
      else this.#dropStart(e);
    }
  }

  /** A new worker in place of a lost one, started as the page started the first. */
  async #replace(reason: string): Promise<void> {
    this.#health.set({ state: 'restarting', reason });
    const conn = (this.#conn = this.#connect());
    if (this.#start) await this.#startOn(conn, this.#start);
    else this.#health.set(RUNNING);
  }

  /** The worker died or is stuck: stop it, and replace it unless it was itself a replacement that never started. */
  #lost(conn: WorkerConnection, reason: string): void {
    if (conn.closed) return;
    conn.close(stopped(reason));
    if (conn !== this.#conn) return;
    if (this.#health.now.state === 'restarting' || !this.#replacements.spend()) this.#fail(reason);
    else this.#replacing = this.#replace(reason);
  }

  #fail(reason: string): void {
    this.#conn?.close(stopped(reason));
    this.#conn = null;
    this.#health.set({ state: 'failed', reason });
    if (!this.#start?.succeeded) this.#dropStart(stopped(reason));
  }

  /** A start that did not succeed (or was stopped) is answered with its error: the next init() starts again. */
  #dropStart(error: unknown): void {
    this.#start?.fail(error);
    this.#start = null;
  }
}
