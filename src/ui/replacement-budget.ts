/**
 * How many lost workers the bridge replaces: workers that keep dying after they started (a few within a minute)
 * are not replaced for ever, so the page can say the recommender failed instead of restarting it in a loop.
 */
export class ReplacementBudget {
  #spent: number[] = [];

  constructor(
    readonly max = 3,
    readonly windowMs = 60_000,
  ) {}

  /** Spends one replacement if the window has one left; false when it has none. */
  spend(now = performance.now()): boolean {
    this.#spent = this.#spent.filter((t) => now - t < this.windowMs);
    if (this.#spent.length >= this.max) return false;
    this.#spent.push(now);
    return true;
  }

  /** The user asked to try again: the window starts afresh. */
  reset(): void {
    this.#spent = [];
  }
}
