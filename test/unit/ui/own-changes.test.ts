import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../src/store/memory-store.ts';
import type { ChangeKind } from '../../../src/store/user-store.ts';
import { OwnChanges, sameMap, sameSet } from '../../../src/ui/own-changes.ts';

/**
 * The page's mirror of the store in miniature, wired as AppState is: own writes go through OwnChanges, every
 * store announcement is handed to it, and each reload that is still current is recorded with what it read.
 */
function mirror() {
  const store = new MemoryStore();
  const reloads: Array<{ kinds: ChangeKind[]; ratings: Map<number, number> }> = [];
  let gate: Promise<void> = Promise.resolve();
  const own = new OwnChanges(async (kinds, isCurrent) => {
    const read = await store.getRatings();
    await gate;
    if (isCurrent()) reloads.push({ kinds: [...kinds], ratings: new Map(read.map((r) => [r.item, r.value])) });
  });
  store.subscribe((change) => own.heard(change.type));
  const holdReloads = () => {
    let release!: () => void;
    gate = new Promise((r) => (release = r));
    return release;
  };
  return { store, own, reloads, holdReloads };
}

const settle = () => new Promise((r) => setTimeout(r, 10));

describe('OwnChanges: one rating in this tab = one update of the page state', () => {
  it('does not re-read the store after this tab’s own writes', async () => {
    const { store, own, reloads } = mirror();
    await own.write('ratings', () => store.setRating(1, 4));
    await own.write('ratings', () => store.removeRating(1));
    await own.write('watchlist', () => store.addToList('watchlist', 2));
    await settle();
    expect(reloads).toEqual([]);
  });

  it('does not re-read after a burst of own writes in flight together', async () => {
    const { store, own, reloads } = mirror();
    await Promise.all([1, 2, 3].map((id) => own.write('ratings', () => store.setRating(id, 3))));
    await settle();
    expect(reloads).toEqual([]);
  });

  it('re-reads once for a change made elsewhere (another tab), with that change in what it reads', async () => {
    const { store, reloads } = mirror();
    await store.setRating(7, 2);
    await settle();
    expect(reloads).toEqual([{ kinds: ['ratings'], ratings: new Map([[7, 2]]) }]);
  });

  it('holds a change made elsewhere while an own write is in flight, then reads both', async () => {
    const { store, own, reloads } = mirror();
    let finish!: () => void;
    const write = own.write('ratings', async () => {
      await new Promise<void>((r) => (finish = r));
      await store.setRating(1, 5);
    });
    await store.setRating(9, 1); // "another tab", while this tab's write is pending
    await settle();
    expect(reloads).toEqual([]);
    finish();
    await write;
    await settle();
    expect(reloads).toHaveLength(1);
    expect(reloads[0]!.ratings).toEqual(
      new Map([
        [1, 5],
        [9, 1],
      ]),
    );
  });

  it('reads again when an own write overtakes a reload in progress, so the older read is never applied', async () => {
    const { store, own, reloads, holdReloads } = mirror();
    const release = holdReloads();
    await store.setRating(9, 1); // elsewhere: a reload starts and reads {9}
    await settle();
    await own.write('ratings', () => store.setRating(1, 5)); // this tab, before that reload applies
    release();
    await settle();
    // The read without rating 1 was dropped; the one applied has both.
    expect(reloads).toHaveLength(1);
    expect(reloads[0]!.ratings.get(1)).toBe(5);
  });

  it('stops expecting the announcement of a write that failed', async () => {
    const { store, own, reloads } = mirror();
    await expect(own.write('ratings', () => store.setRating(1, Number.NaN))).rejects.toThrow();
    await store.setRating(2, 3); // elsewhere: must not be taken for the failed write's announcement
    await settle();
    expect(reloads).toHaveLength(1);
  });
});

describe('sameMap / sameSet', () => {
  it('compare contents, not identity', () => {
    expect(sameMap(new Map([[1, 2]]), new Map([[1, 2]]))).toBe(true);
    expect(sameMap(new Map([[1, 2]]), new Map([[1, 3]]))).toBe(false);
    expect(sameMap(new Map([[1, 2]]), new Map([[2, 2]]))).toBe(false);
    expect(sameMap(new Map([[1, 2]]), new Map())).toBe(false);
    expect(sameSet(new Set([1, 2]), new Set([2, 1]))).toBe(true);
    expect(sameSet(new Set([1, 2]), new Set([1, 3]))).toBe(false);
    expect(sameSet(new Set([1]), new Set([1, 2]))).toBe(false);
  });
});
