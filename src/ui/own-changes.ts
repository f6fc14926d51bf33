/**
 * Telling this tab's own store writes from other tabs' changes. The store announces every change to its local
 * subscribers, this tab's included, and the page mirrors the store in reactive state: re-reading after its own
 * write would replace that state with an equal copy and recompute everything that depends on it (a rating
 * recomputed the recommendations twice). Each own write announces its kind exactly once, so an announcement is
 * counted off against the writes in flight; anything else is another tab's and is re-read, but only once no own
 * write is in flight (a read racing a write could otherwise undo an optimistic update the write then confirms).
 */
import type { ChangeKind } from '../store/user-store.ts';

/** Re-reads the given kinds; calls apply only if the read is still current, else the kinds are read again later. */
export type Reload = (kinds: ReadonlySet<ChangeKind>, isCurrent: () => boolean) => Promise<void>;

export class OwnChanges {
  /** Announcements still expected from own writes, per kind. */
  private readonly expected = new Map<ChangeKind, number>();
  private inFlight = 0;
  /** Bumped by every own write: a reload that began before it may have read the store without it. */
  private epoch = 0;
  /** Kinds another tab changed, waiting for own writes to settle. */
  private readonly wanted = new Set<ChangeKind>();

  constructor(private readonly reload: Reload) {}

  /** Run one of this tab's writes of `kind` (a write that announces `kind` once when it succeeds). */
  async write<T>(kind: ChangeKind, write: () => Promise<T>): Promise<T> {
    this.expected.set(kind, (this.expected.get(kind) ?? 0) + 1);
    this.inFlight++;
    this.epoch++;
    try {
      return await write();
    } catch (e) {
      // A failed write announced nothing: stop expecting it.
      this.expected.set(kind, Math.max(0, (this.expected.get(kind) ?? 0) - 1));
      throw e;
    } finally {
      this.inFlight--;
      this.flush();
    }
  }

  /** The store announced a change of `kind` (from this tab or another). */
  heard(kind: ChangeKind): void {
    const expected = this.expected.get(kind) ?? 0;
    if (expected > 0) {
      this.expected.set(kind, expected - 1);
      return;
    }
    this.wanted.add(kind);
    this.flush();
  }

  /** Read `kind` again once no own write is in flight: after a refused write, to show exactly what is stored. */
  reread(kind: ChangeKind): void {
    this.wanted.add(kind);
    this.flush();
  }

  private flush(): void {
    if (this.inFlight > 0 || this.wanted.size === 0) return;
    const kinds = new Set(this.wanted);
    this.wanted.clear();
    const epoch = this.epoch;
    const isCurrent = () => this.epoch === epoch && this.inFlight === 0;
    // The reload reports its own failures; a failed one is retried like an overtaken one.
    void this.reload(kinds, isCurrent)
      .catch(() => undefined)
      .then(() => {
        if (isCurrent()) return;
        // Overtaken by an own write: what was read may predate it, so read these kinds again once it settles.
        for (const kind of kinds) this.wanted.add(kind);
        this.flush();
      });
  }
}

export function sameMap<K, V>(a: ReadonlyMap<K, V>, b: ReadonlyMap<K, V>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) if (!b.has(key) || !Object.is(b.get(key), value)) return false;
  return true;
}

export function sameSet<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  if (a.size !== b.size) return false;
  for (const value of a) if (!b.has(value)) return false;
  return true;
}
