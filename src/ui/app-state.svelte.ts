/**
 * The page's state: the recommender's start-up, the user's ratings and lists (mirrored from the UserStore so the
 * UI reacts instantly; the store stays the source of truth and is re-read when another tab changes it), the
 * recommendation preferences, and the undo toast. Values handed to the worker or the store are plain copies.
 */
/* eslint-disable svelte/prefer-svelte-reactivity -- ratings and lists are immutable snapshots in $state.raw,
   replaced whole on every change (cheap at a few hundred entries, and safe to hand to structuredClone). */
import type { Manifest } from '../engine/dataset.ts';
import { DEFAULT_PREFS, type Onboarding, type Prefs } from '../engine/settings.ts';
import type { ChangeKind, UserStore } from '../store/user-store.ts';
import type { ProfileEntries } from '../engine/catalog/types.ts';
import type { InitProgress, InitResult } from '../worker/types.ts';
import type { RecommenderBridge } from './bridge.ts';
import { OwnChanges, sameMap, sameSet } from './own-changes.ts';

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
  error = $state<string | null>(null);

  ratings = $state.raw<ReadonlyMap<number, number>>(new Map());
  watchlist = $state.raw<ReadonlySet<number>>(new Set());
  hidden = $state.raw<ReadonlySet<number>>(new Set());
  prefs = $state.raw<Prefs>(DEFAULT_PREFS);
  onboarding = $state.raw<Onboarding>({ done: false, genres: [] });
  /** True once the store has been read: before that an empty map does not mean "no ratings". */
  loaded = $state(false);
  toast = $state.raw<Toast | null>(null);

  private toastTimer: ReturnType<typeof setTimeout> | null = null;
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
    const init = this.bridge.init((p) => (this.progress = p));
    this.store.subscribe((change) => this.own.heard(change.type));
    this.store.onNotice((message) => this.showToast(message));
    try {
      await this.readStore(new Set(['ratings', 'watchlist', 'hidden', 'settings']), () => true);
    } catch (e) {
      this.showToast(`Could not read your saved data: ${(e as Error).message}`);
    }
    this.loaded = true;
    try {
      this.info = await init;
      this.phase = 'ready';
    } catch (e) {
      this.error = (e as Error).message ?? String(e);
      this.phase = 'failed';
    }
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
    }
  }

  /** The profile as the worker takes it: plain {id, value} entries. */
  profile(): ProfileEntries {
    return Array.from(this.ratings, ([id, value]) => ({ id, value }));
  }

  /** Rate (or with null, un-rate) an item; resolves once saved. Returns the previous value for undo. */
  async rate(id: number, value: number | null): Promise<number | null> {
    const previous = this.ratings.get(id) ?? null;
    const next = new Map(this.ratings);
    if (value === null) next.delete(id);
    else next.set(id, value);
    this.ratings = next;
    try {
      await this.own.write('ratings', () =>
        value === null ? this.store.removeRating(id) : this.store.setRating(id, value),
      );
    } catch (e) {
      this.showToast(`Could not save the rating: ${(e as Error).message}`);
    }
    return previous;
  }

  async setListed(list: 'watchlist' | 'hidden', id: number, on: boolean): Promise<void> {
    const current = list === 'watchlist' ? this.watchlist : this.hidden;
    const next = new Set(current);
    if (on) next.add(id);
    else next.delete(id);
    if (list === 'watchlist') this.watchlist = next;
    else this.hidden = next;
    try {
      await this.own.write(list, () => (on ? this.store.addToList(list, id) : this.store.removeFromList(list, id)));
    } catch (e) {
      this.showToast(`Could not save: ${(e as Error).message}`);
    }
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
