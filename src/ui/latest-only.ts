/**
 * Latest-only calls: while one call is running, newer calls replace each other in a single pending slot, and
 * every caller except the newest gets SUPERSEDED, at once (a superseded call is aborted, its late answer dropped).
 * Rating ten items quickly therefore costs at most two recomputations (the one already running and the newest),
 * never ten queued ones. A caller's own AbortSignal rejects its call at once with the signal's reason; a call
 * still pending is then never run.
 */

export const SUPERSEDED: unique symbol = Symbol('superseded');
export type Superseded = typeof SUPERSEDED;

interface Job<A, R> {
  args: A;
  /** Settles the caller's promise (once; later outcomes are dropped) and stops listening to its signal. */
  settle: (outcome: { value: R | Superseded } | { error: unknown }) => void;
}

export function latestOnly<A, R>(
  run: (args: A) => Promise<R>,
): (args: A, signal?: AbortSignal) => Promise<R | Superseded> {
  let running = false;
  let pending: Job<A, R> | null = null;
  /** The newest call, while its caller still waits for it. */
  let newest: Job<A, R> | null = null;

  const start = (job: Job<A, R>): void => {
    running = true;
    run(job.args).then(
      (value) => finish(job, { value }),
      (error: unknown) => finish(job, { error }),
    );
  };

  const finish = (job: Job<A, R>, outcome: { value: R } | { error: unknown }): void => {
    running = false;
    job.settle(outcome);
    const next = pending;
    pending = null;
    if (next) start(next);
  };

  return (args, signal) =>
    new Promise<R | Superseded>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      let settled = false;
      const job: Job<A, R> = {
        args,
        settle: (outcome) => {
          if (settled) return;
          settled = true;
          signal?.removeEventListener('abort', onAbort);
          if (newest === job) newest = null;
          if ('error' in outcome) reject(outcome.error);
          else resolve(outcome.value);
        },
      };
      const onAbort = () => {
        if (pending === job) pending = null;
        job.settle({ error: signal!.reason });
      };
      signal?.addEventListener('abort', onAbort);
      newest?.settle({ value: SUPERSEDED });
      newest = job;
      if (running) pending = job;
      else start(job);
    });
}
