/**
 * The page's start of the recommender, as the bridge keeps it: the progress callback every new worker is started
 * with, and the one answer the page waits on, settled by the first worker that starts or by the bridge giving up.
 */
import type { InitProgress, InitResult } from '../worker/types.ts';

export class PageStart {
  readonly answer: Promise<InitResult>;
  /** A worker has started: a later worker replaces one of a running app. */
  succeeded = false;
  #resolve: (result: InitResult) => void = () => {};
  #reject: (error: unknown) => void = () => {};

  constructor(readonly onProgress: (p: InitProgress) => void) {
    this.answer = new Promise((resolve, reject) => ((this.#resolve = resolve), (this.#reject = reject)));
    // The page hears a failure through its own handler; terminate() may fail a start nobody waits on any more.
    this.answer.catch(() => undefined);
  }

  succeed(result: InitResult): void {
    this.succeeded = true;
    this.#resolve(result);
  }

  fail(error: unknown): void {
    this.#reject(error);
  }
}
