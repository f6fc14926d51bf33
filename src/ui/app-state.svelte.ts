/**
 * The page's state: the recommender's start-up, the user's ratings and lists (mirrored from the UserStore so the
 * UI reacts instantly; the store stays the source of truth and is re-read when another tab changes it), the
 * recommendation preferences, and the undo toast. Values handed to the worker or the store are plain copies.
 */
/* eslint-disable svelte/prefer-svelte-reactivity -- ratings and lists are immutable snapshots in $state.raw,
   replaced whole on every change (cheap at a few hundred entries, and safe to hand to structuredClone). */
import type { Manifest } from '../engine/dataset.ts';
import type { Algorithm } from '../engine/recommend-types.ts';
import type { UserStore } from '../store/user-store.ts';
import type { InitProgress, InitResult, ProfileEntries } from '../worker/types.ts';
import type { RecommenderBridge } from './bridge.ts';

export interface Prefs {
  algorithm: Algorithm;
  /** 0 = pure relevance … 1 = strongly diverse. */
  diversity: number;
  /** -1 = obscure … +1 = popular. */
  popularity: number;
  /** '' = every genre. */
  genre: string;
  /** First year of a decade, 0 = any. */
  decade: number;
}

export interface Onboarding {
  /** Finished or skipped: the home view no longer opens with the genre picker. */
  done: boolean;
  genres: string[];
}

export const DEFAULT_PREFS: Prefs = { algorithm: 'blend', diversity: 0.2, popularity: 0, genre: '', decade: 0 };
const PREFS_KEY = 'recommendationPrefs';
const ONBOARDING_KEY = 'onboarding';

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
    this.store.subscribe((change) => {
      if (change.type === 'settings') void this.loadSettings();
      else void this.loadUserData();
    });
    try {
      await Promise.all([this.loadUserData(), this.loadSettings()]);
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

  private async loadUserData(): Promise<void> {
    const [ratings, watchlist, hidden] = await Promise.all([
      this.store.getRatings(),
      this.store.getList('watchlist'),
      this.store.getList('hidden'),
    ]);
    this.ratings = new Map(ratings.map((r) => [r.item, r.value]));
    this.watchlist = new Set(watchlist.map((e) => e.item));
    this.hidden = new Set(hidden.map((e) => e.item));
  }

  private async loadSettings(): Promise<void> {
    const [prefs, onboarding] = await Promise.all([
      this.store.getSetting<Partial<Prefs>>(PREFS_KEY),
      this.store.getSetting<Partial<Onboarding>>(ONBOARDING_KEY),
    ]);
    this.prefs = { ...DEFAULT_PREFS, ...(prefs ?? {}) };
    this.onboarding = { done: false, genres: [], ...(onboarding ?? {}) };
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
      if (value === null) await this.store.removeRating(id);
      else await this.store.setRating(id, value);
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
      if (on) await this.store.addToList(list, id);
      else await this.store.removeFromList(list, id);
    } catch (e) {
      this.showToast(`Could not save: ${(e as Error).message}`);
    }
  }

  setPrefs(patch: Partial<Prefs>): void {
    this.prefs = { ...this.prefs, ...patch };
    void this.store.setSetting(PREFS_KEY, { ...this.prefs });
  }

  setOnboarding(patch: Partial<Onboarding>): void {
    this.onboarding = { ...this.onboarding, ...patch };
    void this.store.setSetting(ONBOARDING_KEY, { ...this.onboarding, genres: [...this.onboarding.genres] });
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
