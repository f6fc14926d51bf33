/**
 * The page's state: the recommender's start-up, the user's ratings and lists (mirrored from the UserStore so the
 * UI reacts instantly; the store stays the source of truth and is re-read when another tab changes it), the
 * recommendation preferences, and the undo toast. Values handed to the worker or the store are plain copies.
 */
/* eslint-disable svelte/prefer-svelte-reactivity -- ratings and lists are immutable snapshots in $state.raw,
   replaced whole on every change (cheap at a few hundred entries, and safe to hand to structuredClone). */
import type { Manifest } from '../engine/dataset/dataset.ts';
import { DEFAULT_PREFS, type Onboarding, type Prefs } from '../engine/user-data/settings.ts';
import type { ChangeKind, UserStore } from '../store/user-store.ts';
import type { CatalogueFacets, ProfileEntries } from '../engine/catalogue/types.ts';
import type { InitProgress, InitResult } from '../worker/types.ts';
import type { RecommenderBridge, WorkerHealth } from './bridge.ts';
import { OwnChanges, sameMap, sameSet } from './own-changes.ts';

/** What rate() did: saved, with the value it replaced (for undo), or refused by the store and taken back. */
export type RateOutcome = { saved: true; previous: number | null } | { saved: false };

export interface Toast {
  id: number;
  message: string;
  undo?: () => void;
}

/** Long enough to read a short sentence and reach Undo (WCAG 2.2.1 asks for adjustable limits; it also pauses on focus). */
const TOAST_MS = 8000;

export class AppState {
  phase = $state<'starting' | 'ready' | 'failed'>('starting');
  progress = $state<InitProgress>({ phase: 'download', fraction: 0 });
  info = $state.raw<InitResult | null>(null);
  /** What the catalogue holds (decades, genres, the years it spans), once the worker has said. */
  facets = $state.raw<CatalogueFacets | null>(null);
  error = $state<string | null>(null);

  ratings = $state.raw<ReadonlyMap<number, number>>(new Map());
  watchlist = $state.raw<ReadonlySet<number>>(new Set());
  hidden = $state.raw<ReadonlySet<number>>(new Set());
  prefs = $state.raw<Prefs>(DEFAULT_PREFS);
  onboarding = $state.raw<Onboarding>({ done: false, genres: [] });
  /** True once the store has been read: before that an empty map does not mean "no ratings". */
  loaded = $state(false);
  toast = $state.raw<Toast | null>(null);
  /** Counts lists that landed on the page (listLanded): what lies under the toast may have moved. */
  listsLanded = $state(0);
  /** The recommender worker's health as the bridge reports it: restarting after it died or got stuck, failed. */
  worker = $state.raw<WorkerHealth>({ state: 'running' });
  /**
   * Bumped whenever the views should ask the worker again: it runs again after a restart, or the user pressed
   * "Try again". The effects that call the worker read it.
   */
  attempt = $state(0);
  /** Films the user said they have not seen in the picker: not offered again while the page lives. */
  readonly notSeen = new Set<number>();

  private toastTimer: ReturnType<typeof setTimeout> | null = null;
  /** Per item and list, the newest optimistic change (see claim()). */
  private readonly newestChange = new Map<string, number>();
  private changeSeq = 0;
  private toastSeq = 0;
  /** This tab's writes are already in the state: only other tabs' changes are re-read. */
  private readonly own = new OwnChanges((kinds, isCurrent) => this.reload(kinds, isCurrent));

  constructor(
    readonly store: UserStore,
    readonly bridge: RecommenderBridge,
    private readonly bundledManifest: Manifest,
  ) {}

  /** From the worker once ready; before that, the manifest bundled with the page. */
  get manifest(): Manifest {
    return this.info?.manifest ?? this.bundledManifest;
  }

  /** Read the store, start the worker, and follow changes made in other tabs. */
  async start(): Promise<void> {
    // The worker starts at once: downloading and fitting need not wait for IndexedDB.
    this.bridge.onHealth((health) => this.heardHealth(health));
    const init = this.bridge.init((p) => (this.progress = p));
    this.store.subscribe((change) => this.own.heard(change.type));
    this.store.onNotice((message) => this.showToast(message));
    try {
      await this.readStore(new Set(['ratings', 'watchlist', 'hidden', 'settings']), () => true);
    } catch (e) {
      this.showToast(`Could not read your saved data: ${(e as Error).message}`);
    }
    this.loaded = true;
    await this.awaitStart(init);
  }

  /**
   * "Try again" after a failed start: the bridge starts again (a damaged download is fetched afresh) in this page,
   * rather than a reload that could meet the same stored copy.
   */
  retryStart(): Promise<void> {
    this.phase = 'starting';
    this.error = null;
    this.progress = { phase: 'download', fraction: 0 };
    return this.awaitStart(this.bridge.init((p) => (this.progress = p)));
  }

  private async awaitStart(init: Promise<InitResult>): Promise<void> {
    try {
      this.info = await init;
      this.checkPrefs();
      this.phase = 'ready';
      this.askFacets();
    } catch (e) {
      this.error = (e as Error).message ?? String(e);
      this.phase = 'failed';
    }
  }

  private heardHealth(health: WorkerHealth): void {
    const was = this.worker.state;
    this.worker = health;
    if (health.state === 'running' && was !== 'running') {
      this.attempt++;
      this.askFacets();
      this.showToast('The recommender is running again.');
    }
  }

  /** Asked once; again after the worker ran again, if the first answer never came. */
  private askFacets(): void {
    if (this.facets) return;
    this.bridge.facets().then(
      (f) => (this.facets = f),
      () => undefined,
    );
  }

  /** "Try again" where work failed: a failed worker is restarted (then asked again), a running one asked again. */
  retry(): void {
    if (this.worker.state === 'failed') void this.bridge.restart();
    else this.attempt++;
  }

  private async reload(kinds: ReadonlySet<ChangeKind>, isCurrent: () => boolean): Promise<void> {
    try {
      await this.readStore(kinds, isCurrent);
    } catch (e) {
      this.showToast(`Could not read changes made in another tab: ${(e as Error).message}`);
    }
  }

  /**
   * Read what changed and replace only what differs: every replaced value re-runs what depends on it (a new but
   * equal ratings map would recompute the recommendations for nothing).
   */
  private async readStore(kinds: ReadonlySet<ChangeKind>, isCurrent: () => boolean): Promise<void> {
    const [ratings, watchlist, hidden, saved] = await Promise.all([
      kinds.has('ratings') ? this.store.getRatings() : null,
      kinds.has('watchlist') ? this.store.getList('watchlist') : null,
      kinds.has('hidden') ? this.store.getList('hidden') : null,
      kinds.has('settings') ? this.store.readSettings() : null,
    ]);
    if (!isCurrent()) return;
    if (ratings) {
      const next = new Map(ratings.map((r) => [r.item, r.value]));
      if (!sameMap(next, this.ratings)) this.ratings = next;
    }
    if (watchlist) {
      const next = new Set(watchlist.map((e) => e.item));
      if (!sameSet(next, this.watchlist)) this.watchlist = next;
    }
    if (hidden) {
      const next = new Set(hidden.map((e) => e.item));
      if (!sameSet(next, this.hidden)) this.hidden = next;
    }
    if (saved) {
      // Each setting is usable as read: one that was not is back to its default, and the notice says so.
      const { recommendationPrefs: nextPrefs, onboarding: nextOnboarding } = saved.settings;
      if (JSON.stringify(nextPrefs) !== JSON.stringify(this.prefs)) this.prefs = nextPrefs;
      if (JSON.stringify(nextOnboarding) !== JSON.stringify(this.onboarding)) this.onboarding = nextOnboarding;
      if (saved.notices.length > 0) this.showToast(saved.notices.join(' '));
      this.checkPrefs();
    }
  }

  /**
   * A stored genre filter the dataset cannot apply (kept from another dataset, or an older version) goes back to
   * every genre, and an algorithm its build does not offer back to the blend, with a notice, like any stored setting
   * the app cannot use: the home view's list would fail on it.
   */
  private checkPrefs(): void {
    const { genre, algorithm } = this.prefs;
    if (!this.info) return;
    if (genre !== '' && !this.info.genres.includes(genre)) {
      this.setPrefs({ genre: '' });
      this.showToast(
        `A saved setting could not be used, so its default is back in place: recommendationPrefs.genre: ` +
          `${JSON.stringify(genre)} is not a genre of this dataset`,
      );
    }
    // Likewise an algorithm the dataset's build does not offer (EASE in model mode, iALS in ratings mode).
    if (!this.info.algorithms.includes(algorithm)) {
      this.setPrefs({ algorithm: 'blend' });
      this.showToast(
        `A saved setting could not be used, so its default is back in place: recommendationPrefs.algorithm: ` +
          `${JSON.stringify(algorithm)} is not offered for this dataset`,
      );
    }
  }

  /** The profile as the worker takes it: plain {id, value} entries. */
  profile(): ProfileEntries {
    return Array.from(this.ratings, ([id, value]) => ({ id, value }));
  }

  /**
   * Rate (or with null, un-rate) an item: every view shows it at once, and it is saved. A write the store refuses
   * is rolled back (every view shows the saved value again) and said in a toast; the ratings are then re-read
   * from the store once no other write of this tab is in flight, so the page ends up showing exactly what is kept.
   */
  async rate(id: number, value: number | null): Promise<RateOutcome> {
    const previous = this.ratings.get(id) ?? null;
    const newest = this.claim(`rating ${id}`);
    this.ratings = withEntry(this.ratings, id, value);
    try {
      await this.own.write('ratings', () =>
        value === null ? this.store.removeRating(id) : this.store.setRating(id, value),
      );
      return { saved: true, previous };
    } catch (e) {
      // Only the newest change of an item decides what it shows; an older one that failed is settled by the re-read.
      if (newest()) this.ratings = withEntry(this.ratings, id, previous);
      this.own.reread('ratings');
      this.showToast(`Could not save the rating: ${(e as Error).message}`);
      return { saved: false };
    }
  }

  /** Put an item on a list or take it off: shown at once, rolled back like a rating if the store refuses. */
  async setListed(list: 'watchlist' | 'hidden', id: number, on: boolean): Promise<boolean> {
    const newest = this.claim(`${list} ${id}`);
    const set = (member: boolean) => {
      const next = withMember(list === 'watchlist' ? this.watchlist : this.hidden, id, member);
      if (list === 'watchlist') this.watchlist = next;
      else this.hidden = next;
    };
    set(on);
    try {
      await this.own.write(list, () => (on ? this.store.addToList(list, id) : this.store.removeFromList(list, id)));
      return true;
    } catch (e) {
      if (newest()) set(!on);
      this.own.reread(list);
      this.showToast(`Could not save: ${(e as Error).message}`);
      return false;
    }
  }

  /** Marks the newest optimistic change of `key`; the answer tells whether a change is still the newest. */
  private claim(key: string): () => boolean {
    const mine = ++this.changeSeq;
    this.newestChange.set(key, mine);
    return () => this.newestChange.get(key) === mine;
  }

  setPrefs(patch: Partial<Prefs>): void {
    this.prefs = { ...this.prefs, ...patch };
    const saved = { ...this.prefs };
    void this.own
      .write('settings', () => this.store.setSetting('recommendationPrefs', saved))
      .catch(this.settingNotSaved);
  }

  setOnboarding(patch: Partial<Onboarding>): void {
    this.onboarding = { ...this.onboarding, ...patch };
    const saved = { ...this.onboarding, genres: [...this.onboarding.genres] };
    void this.own.write('settings', () => this.store.setSetting('onboarding', saved)).catch(this.settingNotSaved);
  }

  private readonly settingNotSaved = (e: unknown): void =>
    this.showToast(`Could not save this setting: ${(e as Error).message}`);

  /** A view's list changed on the page (after its render): the toast finds its place again. */
  listLanded(): void {
    this.listsLanded++;
  }

  showToast(message: string, undo?: () => void): void {
    if (this.toastTimer) clearTimeout(this.toastTimer);
    this.toast = { id: ++this.toastSeq, message, ...(undo ? { undo } : {}) };
    this.toastTimer = setTimeout(() => this.dismissToast(), TOAST_MS);
  }

  /** Keep the toast while the user is on it (keyboard focus or pointer), restart the clock after. */
  holdToast(hold: boolean): void {
    if (this.toastTimer) clearTimeout(this.toastTimer);
    this.toastTimer = hold ? null : setTimeout(() => this.dismissToast(), TOAST_MS);
  }

  dismissToast(): void {
    if (this.toastTimer) clearTimeout(this.toastTimer);
    this.toastTimer = null;
    this.toast = null;
  }
}

function withEntry(map: ReadonlyMap<number, number>, id: number, value: number | null): ReadonlyMap<number, number> {
  const next = new Map(map);
  if (value === null) next.delete(id);
  else next.set(id, value);
  return next;
}

function withMember(set: ReadonlySet<number>, id: number, member: boolean): ReadonlySet<number> {
  const next = new Set(set);
  if (member) next.add(id);
  else next.delete(id);
  return next;
}
