/**
 * Waiting on the worker with AbortSignals, as fetch does: once any of the signals aborts, the wait rejects at once
 * with that signal's reason (an AbortError unless the caller gave another), and the answer that comes later is
 * dropped. The worker still finishes what it started: it cannot be interrupted mid-computation.
 */
export function abortable<T>(start: () => Promise<T>, signals: readonly (AbortSignal | undefined)[]): Promise<T> {
  const watched = signals.filter((s) => s !== undefined);
  const aborted = watched.find((s) => s.aborted);
  // Already aborted: nothing is sent.
  if (aborted) return Promise.reject(aborted.reason);
  if (watched.length === 0) return start();
  return new Promise<T>((resolve, reject) => {
    const settle = (outcome: () => void) => {
      for (const s of watched) s.removeEventListener('abort', onAbort);
      outcome();
    };
    const onAbort = (event: Event) => settle(() => reject((event.target as AbortSignal).reason));
    for (const s of watched) s.addEventListener('abort', onAbort);
    start().then(
      (value) => settle(() => resolve(value)),
      (error: unknown) => settle(() => reject(error)),
    );
  });
}
