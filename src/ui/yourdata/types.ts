/**
 * What the "Your data" and "Settings" views need from their parent: the user's store, item descriptions and the
 * external-import preview. Declared here as the narrowest shape the views use, so the parent can pass the real
 * UserStore and worker bridge (or a test double) without the views knowing how either is built. Records are the
 * engine's own (external item ids, times in ms since 1970, 0 = unknown).
 */
import type { Manifest } from '../../engine/dataset.ts';
import type { HistoryImport } from '../../engine/import/external-history.ts';
import type { ListEntry, MergeSummary, RatingRecord } from '../../engine/import/user-data.ts';
import type { ItemSummary } from '../../worker/types.ts';

export type { HistoryImport, ItemSummary, ListEntry, Manifest, MergeSummary, RatingRecord };

/** A value or a promise of it: lookups may be answered on the main thread or through the worker. */
export type MaybePromise<T> = T | Promise<T>;

/** Browser storage as the store sees it. */
export interface StorageStatus {
  /** False when IndexedDB could not be opened (private mode, disabled storage): nothing will be kept. */
  available: boolean;
  /** True when the browser promised not to evict the data (navigator.storage.persist granted). */
  persisted: boolean;
  /** Bytes used and allowed for this origin (navigator.storage.estimate), when the browser tells. */
  usage?: number;
  quota?: number;
}

/** Counts of what an import of a Matinee export changed. */
export interface ImportCounts {
  ratings: MergeSummary;
  watchlist: number;
  hidden: number;
}

/** The store operations the two views call. Every mutation resolves once it is saved. */
export interface YourDataStore {
  ratings(): Promise<RatingRecord[]>;
  watchlist(): Promise<ListEntry[]>;
  hidden(): Promise<ListEntry[]>;
  setRating(item: number, value: number): Promise<void>;
  removeRating(item: number): Promise<void>;
  removeFromWatchlist(item: number): Promise<void>;
  unhide(item: number): Promise<void>;
  /** Merge ratings from elsewhere (the newer rating of an item wins); says what was added, updated, kept. */
  mergeRatings(records: RatingRecord[]): Promise<MergeSummary>;
  /** Everything the user owns, as JSON text. */
  exportJson(): Promise<string>;
  /** The ratings as CSV text. */
  exportCsv(): Promise<string>;
  /** All-or-nothing import; throws an error whose message names the line and field at fault. */
  importText(text: string, format: 'json' | 'csv'): Promise<ImportCounts>;
  clearAll(): Promise<void>;
  storageStatus(): Promise<StorageStatus>;
  /** Ask the browser to keep the data (navigator.storage.persist); resolves to whether it agreed. */
  requestPersistence(): Promise<boolean>;
  /** Called after any change, in this tab or another; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

/** Where ratings exported by another site come from. */
export type ExternalSource = 'letterboxd' | 'imdb';

/** Parse another site's export and match it to the dataset (the worker holds the titles and IMDb links). */
export type PreviewExternalImport = (source: ExternalSource, text: string) => Promise<HistoryImport>;

/** Summaries of the ids the dataset has (ids it lacks are left out), e.g. the worker bridge's summaries(). */
export type DescribeItems = (ids: number[]) => MaybePromise<ItemSummary[]>;
