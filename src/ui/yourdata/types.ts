/**
 * What the "Your data" and "Settings" views take from their parent besides the UserStore: item descriptions and
 * the two file parsers that need the dataset (which lives in the worker). Records are the engine's own
 * (external item ids, times in ms since 1970, 0 = unknown).
 */
import type { Manifest } from '../../engine/dataset/dataset.ts';
import type { ItemLabel, UserFileFormat } from '../../engine/user-data/export-format.ts';
import type { HistoryImport, HistorySource } from '../../engine/user-data/external-history.ts';
import type { ListEntry, MergeSummary, RatingRecord, UserData } from '../../engine/user-data/user-data.ts';
import type { ImportSummary, StorageStatus, UserStore } from '../../store/user-store.ts';
import type { ItemSummary } from '../../engine/catalogue/types.ts';

export type {
  HistoryImport,
  HistorySource,
  ImportSummary,
  ItemSummary,
  ListEntry,
  Manifest,
  MergeSummary,
  RatingRecord,
  StorageStatus,
  UserData,
  UserFileFormat,
  UserStore,
};

/** A value or a promise of it: lookups may be answered on the main thread or through the worker. */
export type MaybePromise<T> = T | Promise<T>;

/** Summaries of the ids the dataset has (ids it lacks are left out), e.g. the worker bridge's summaries(). */
export type DescribeItems = (ids: number[]) => MaybePromise<ItemSummary[]>;

/**
 * Validate a Matinee export against the dataset: parseExportJson (format 'json') or parseRatingsCsv ('csv') from
 * src/engine/user-data/export-format.ts, run where the dataset is. Rejects with the ImportError naming the file (its
 * name as the user chose it), the line and the field.
 */
export type ParseUserFile = (text: string, format: UserFileFormat, file: string) => Promise<UserData>;

/** importLetterboxd / importImdb (src/engine/user-data/) run where the dataset is: matched and unmatched rows. */
export type PreviewExternalImport = (source: HistorySource, text: string, file: string) => Promise<HistoryImport>;

/** How exports name items (title, year, IMDb id) for the ids the dataset has: the worker's exportLabels(). */
export type LabelItems = (ids: number[]) => MaybePromise<ItemLabel[]>;

/** Says what a change did, offering `undo` when it can be undone (the app's toast). */
export type Notify = (message: string, undo?: () => void) => void;
