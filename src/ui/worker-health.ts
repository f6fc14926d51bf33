/** How the recommender worker is doing, as the bridge reports it and the page tells the user. */
export type WorkerHealth =
  { state: 'running' } | { state: 'restarting'; reason: string } | { state: 'failed'; reason: string };

export const RUNNING: WorkerHealth = { state: 'running' };

/** The worker's health now, told to every listener when it changes. */
export class HealthReport {
  #now: WorkerHealth = RUNNING;
  readonly #listeners = new Set<(health: WorkerHealth) => void>();

  get now(): WorkerHealth {
    return this.#now;
  }

  set(next: WorkerHealth): void {
    if (next.state === 'running' && this.#now.state === 'running') return;
    this.#now = next;
    for (const listener of this.#listeners) listener(next);
  }

  /** Returns the way to stop hearing. */
  listen(listener: (health: WorkerHealth) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
