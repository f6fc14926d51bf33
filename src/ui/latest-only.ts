/**
 * Latest-only calls: while one call is running, newer calls replace each other in a single pending slot, and
 * every caller except the newest gets SUPERSEDED. Rating ten items quickly therefore costs at most two
 * recomputations (the one already running and the newest), never ten queued ones.
 */

export const SUPERSEDED: unique symbol = Symbol('superseded');
export type Superseded = typeof SUPERSEDED;

interface Pending<A, R> {
  args: A;
  resolve: (value: R | Superseded) => void;
  reject: (error: unknown) => void;
}

export function latestOnly<A, R>(run: (args: A) => Promise<R>): (args: A) => Promise<R | Superseded> {
  let running = false;
  let pending: Pending<A, R> | null = null;
  /** Bumped by every call; an answer is delivered only if no newer call was made while it ran. */
  let generation = 0;

  const start = (job: Pending<A, R>, myGeneration: number): void => {
    running = true;
    run(job.args).then(
      (value) => finish(job, myGeneration, () => job.resolve(value)),
      (error) => finish(job, myGeneration, () => job.reject(error)),
    );
  };

  const finish = (job: Pending<A, R>, myGeneration: number, deliver: () => void): void => {
    running = false;
    if (myGeneration === generation) deliver();
    else job.resolve(SUPERSEDED);
    const next = pending;
    pending = null;
    if (next) start(next, generation);
  };

  return (args) =>
    new Promise<R | Superseded>((resolve, reject) => {
      generation++;
      const job: Pending<A, R> = { args, resolve, reject };
      if (!running) {
        start(job, generation);
        return;
      }
      pending?.resolve(SUPERSEDED);
      pending = job;
    });
}
