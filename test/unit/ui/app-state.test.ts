import type { Prefs } from '../../../src/engine/user-data/settings.ts';
import type { Algorithm } from '../../../src/engine/recommend-types.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/store/errors.ts';
import { MemoryStore } from '../../../src/store/memory-store.ts';
import { AppState } from '../../../src/ui/app-state.svelte.ts';
import type { RecommenderBridge, WorkerHealth } from '../../../src/ui/bridge.ts';
import type { InitProgress } from '../../../src/worker/types.ts';

/**
 * The real in-memory store, made to refuse writes as a full disk does (QuotaExceededError): always, or the next
 * few, decided in the order the writes are made (IndexedDB runs them in that order).
 */
class RefusingStore extends MemoryStore {
  refuse = false;
  refuseNext = 0;
  /** Writes wait for this before they run, so that several are in flight at once. */
  hold: Promise<void> = Promise.resolve();
  private async gate(action: string): Promise<void> {
    const refused = this.refuse || (this.refuseNext > 0 && this.refuseNext-- > 0);
    await this.hold;
    if (refused) throw new StoreError('quota', action, 'the browser has no storage space left for this site');
  }
  override async setRating(item: number, value: number): Promise<void> {
    await this.gate('save rating');
    return super.setRating(item, value);
  }
  override async removeRating(item: number): Promise<void> {
    await this.gate('remove rating');
    return super.removeRating(item);
  }
  override async addToList(list: 'watchlist' | 'hidden', item: number): Promise<void> {
    await this.gate('add to list');
    return super.addToList(list, item);
  }
}

const manifest = { name: 'Test', itemNoun: 'movie', license: 'test', ratingScale: { min: 0.5, max: 5, step: 0.5 } };
let app: AppState | null = null;
afterEach(() => app?.dismissToast());

function state(store = new RefusingStore()) {
  app = new AppState(store, {} as RecommenderBridge, manifest);
  return { app, store };
}

const stored = async (store: MemoryStore) => new Map((await store.getRatings()).map((r) => [r.item, r.value]));
const settle = () => new Promise((r) => setTimeout(r, 10));

describe('AppState: the page shows exactly what the store kept', () => {
  it('shows a rating at once and keeps it once saved', async () => {
    const { app, store } = state();
    const saving = app.rate(1, 4);
    expect(app.ratings.get(1)).toBe(4);
    expect(await saving).toEqual({ saved: true, previous: null });
    expect(await stored(store)).toEqual(new Map([[1, 4]]));
  });

  it('rolls a refused change, a refused new rating and a refused removal back, and says so', async () => {
    const { app, store } = state();
    await app.rate(1, 4);
    store.refuse = true;
    const saving = app.rate(1, 2);
    expect(app.ratings.get(1)).toBe(2);
    expect(await saving).toEqual({ saved: false });
    expect(app.ratings.get(1)).toBe(4);
    expect(app.toast?.message).toMatch(/^Could not save the rating: save rating: the browser has no storage space/);
    expect(await app.rate(2, 5)).toEqual({ saved: false });
    expect(app.ratings.has(2)).toBe(false);
    expect(await app.rate(1, null)).toEqual({ saved: false });
    expect(app.ratings.get(1)).toBe(4);
    expect(await stored(store)).toEqual(new Map([[1, 4]]));
  });

  it('when two changes of an item are refused, ends with what the store holds', async () => {
    const { app, store } = state();
    await app.rate(1, 4);
    let release!: () => void;
    store.hold = new Promise((r) => (release = r));
    store.refuse = true;
    const first = app.rate(1, 2);
    const second = app.rate(1, 3);
    expect(app.ratings.get(1)).toBe(3);
    release();
    expect([await first, await second]).toEqual([{ saved: false }, { saved: false }]);
    await settle();
    expect(app.ratings.get(1)).toBe(4);
  });

  it('keeps a newer saved rating when an older write of the same item is refused', async () => {
    const { app, store } = state();
    await app.rate(1, 4);
    let release!: () => void;
    store.hold = new Promise((r) => (release = r));
    store.refuseNext = 1;
    const first = app.rate(1, 2);
    const second = app.rate(1, 3);
    release();
    expect(await first).toEqual({ saved: false });
    expect(await second).toEqual({ saved: true, previous: 2 });
    await settle();
    expect(app.ratings.get(1)).toBe(3);
    expect(await stored(store)).toEqual(new Map([[1, 3]]));
  });

  it('rolls a refused watchlist change back', async () => {
    const { app, store } = state();
    store.refuse = true;
    expect(await app.setListed('watchlist', 7, true)).toBe(false);
    expect(app.watchlist.has(7)).toBe(false);
    expect(app.toast?.message).toMatch(/^Could not save: add to list/);
  });
});

describe('AppState: the worker’s health', () => {
  it('follows the bridge, asks the views again once the worker runs again, and restarts a failed one on retry', () => {
    let hear: (health: WorkerHealth) => void = () => {};
    let restarts = 0;
    let facetAsks = 0;
    const bridge = {
      onHealth: (listener: (health: WorkerHealth) => void) => ((hear = listener), () => {}),
      init: () => new Promise(() => {}),
      restart: async () => void restarts++,
      facets: () => (facetAsks++, new Promise(() => {})),
    } as unknown as RecommenderBridge;
    app = new AppState(new MemoryStore(), bridge, manifest);
    void app.start();
    hear({ state: 'restarting', reason: 'it did not respond for 8 s' });
    expect(app.worker.state).toBe('restarting');
    expect(app.attempt).toBe(0);
    hear({ state: 'running' });
    expect(app.attempt).toBe(1);
    // What the catalogue holds is asked again of a worker that runs again, while no answer has come.
    expect(facetAsks).toBe(1);
    expect(app.toast?.message).toBe('The recommender is running again.');
    app.retry();
    expect([app.attempt, restarts]).toEqual([2, 0]);
    hear({ state: 'failed', reason: 'gone' });
    app.retry();
    expect(restarts).toBe(1);
  });
});

describe('AppState: a start that failed', () => {
  it('says why, and "Try again" starts again in this page, from a fresh progress bar', async () => {
    const answers = [
      Promise.reject(new Error('the dataset download was damaged twice')),
      Promise.resolve({ manifest, itemCount: 3, genres: [], algorithms: ['blend'], fromCache: false }),
    ];
    const bridge = {
      onHealth: () => () => {},
      facets: async () => FACETS,
      init: (onProgress: (p: InitProgress) => void) => {
        // The first start got halfway; the second reports nothing before it answers.
        if (answers.length === 2) onProgress({ phase: 'fit', fraction: 0.5 });
        return answers.shift()!;
      },
    } as unknown as RecommenderBridge;
    app = new AppState(new MemoryStore(), bridge, manifest);
    await app.start();
    expect([app.phase, app.error]).toEqual(['failed', 'the dataset download was damaged twice']);
    expect(app.progress).toEqual({ phase: 'fit', fraction: 0.5 });
    const retried = app.retryStart();
    expect([app.phase, app.error]).toEqual(['starting', null]);
    expect(app.progress).toEqual({ phase: 'download', fraction: 0 });
    await retried;
    expect(app.phase).toBe('ready');
    expect(app.info?.itemCount).toBe(3);
    expect(answers).toEqual([]);
  });
});

const FACETS = { firstYear: 1990, lastYear: 2001, decades: [1990, 2000], genres: ['Comedy', 'Drama'], counts: [] };

describe('AppState: stored settings the dataset cannot use', () => {
  const started = async (prefs: Prefs, algorithms: Algorithm[]): Promise<{ app: AppState; store: MemoryStore }> => {
    const store = new MemoryStore();
    await store.setSetting('recommendationPrefs', prefs);
    const bridge = {
      onHealth: () => () => {},
      init: async () => ({ manifest, itemCount: 3, genres: ['Drama', 'Comedy'], algorithms, fromCache: true }),
      facets: async () => FACETS,
    } as unknown as RecommenderBridge;
    const started = new AppState(store, bridge, manifest);
    app = started;
    await started.start();
    return { app: started, store };
  };

  it('puts a genre filter the dataset does not have back to every genre, saved, with a notice', async () => {
    const prefs = {
      algorithm: 'ease',
      sort: 'top',
      diversity: 0.5,
      popularity: 0,
      genre: 'Western',
      decade: 1990,
    } as const;
    const { app, store } = await started(prefs, ['blend', 'ease']);
    expect(app.prefs).toEqual({ ...prefs, genre: '' });
    // Once started, the views have what the catalogue holds (its span, decades and genres).
    await expect.poll(() => app.facets).toEqual(FACETS);
    expect(app.toast?.message).toMatch(/recommendationPrefs\.genre: "Western" is not a genre of this dataset/);
    await settle();
    expect((await store.readSettings()).settings.recommendationPrefs).toEqual({ ...prefs, genre: '' });
  });

  it('puts an algorithm the build does not offer (EASE in model mode) back to the blend, saved, with a notice', async () => {
    const prefs = {
      algorithm: 'ease',
      sort: 'newest',
      diversity: 0.5,
      popularity: 0,
      genre: 'Drama',
      decade: 0,
    } as const;
    const { app, store } = await started(prefs, ['blend', 'ials', 'mf', 'popularity']);
    expect(app.prefs).toEqual({ ...prefs, algorithm: 'blend' });
    expect(app.toast?.message).toMatch(/recommendationPrefs\.algorithm: "ease" is not offered for this dataset/);
    await settle();
    expect((await store.readSettings()).settings.recommendationPrefs).toEqual({ ...prefs, algorithm: 'blend' });
  });
});
