/**
 * What the page knows of the bundled dataset before the worker has started (the snapshot plugin puts it in
 * virtual:snapshot): the manifest, so the first paint already says "Search movies" and credits the data, and the
 * picker's first screen with its genres, so a new user rates while a phone still downloads the catalogue.
 */
import { firstPicks, genres, manifest } from 'virtual:snapshot';
import type { ItemSummary } from '../engine/catalogue/types.ts';
import type { Manifest } from '../engine/dataset/dataset.ts';

export const bundledManifest: Manifest = manifest;
export const bundledFirstPicks: readonly ItemSummary[] = firstPicks;
export const bundledGenres: readonly string[] = genres;
